// The places editor of each proposal: gazetteer autocomplete, precision, removal, places kept
// by name (optionally with coordinates), and the small map preview. It keeps the hidden
// "places" input (JSON) in step with the rows; without JavaScript the proposal's places stay.
(function () {
  "use strict";
  function debounce(fn, ms) {
    var t;
    return function () { var args = arguments; clearTimeout(t); t = setTimeout(function () { fn.apply(null, args); }, ms); };
  }
  function text(el, value) { el.textContent = value == null ? "" : String(value); return el; }

  function setup(editor) {
    if (editor.dataset.ready) return;
    editor.dataset.ready = "1";
    var hidden = editor.querySelector('input[type="hidden"][name$="-places"]');
    var list = editor.querySelector(".place-rows");
    var search = editor.querySelector(".place-search");
    var menu = editor.querySelector(".place-menu");
    var preview = editor.querySelector(".place-preview");
    var template = editor.querySelector(".place-row-template");
    var texts = editor.querySelector(".place-texts").dataset;
    var form = editor.closest("form");
    var countryInput = form.querySelector('input[name$="-country"]');
    var options = [];
    var active = -1;

    function rows() { return Array.prototype.slice.call(list.querySelectorAll(".place-row")); }
    function coords(row) {
      var lat = row.querySelector(".lat"), lon = row.querySelector(".lon");
      if (lat && lon) return [lat.value, lon.value];
      return [row.dataset.lat || "", row.dataset.lon || ""];
    }
    function sync() {
      hidden.value = JSON.stringify(rows().map(function (row) {
        var place = { precision: parseInt(row.querySelector("select.precision").value, 10) };
        if (row.dataset.id) { place.location_id = parseInt(row.dataset.id, 10); return place; }
        var c = coords(row);
        place["new"] = true;
        place.name = row.dataset.name;
        place.latitude = c[0] === "" ? null : c[0];
        place.longitude = c[1] === "" ? null : c[1];
        return place;
      }));
      editor.querySelector(".no-places").hidden = rows().length > 0;
      refreshPreview();
    }
    var refreshPreview = debounce(function () {
      var params = new URLSearchParams();
      rows().forEach(function (row) {
        var c = coords(row);
        if (c[0] !== "" && c[1] !== "") params.append("p", c[0] + "," + c[1]);
      });
      params.set("country", countryInput ? countryInput.value : "");
      fetch(editor.dataset.previewUrl + "?" + params.toString(), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (html) { preview.innerHTML = html; });
    }, 250);

    function addRow(place) {
      var row = template.content.firstElementChild.cloneNode(true);
      row.dataset.name = place.name;
      text(row.querySelector(".place-name"), place.name);
      if (place.id) {
        row.dataset.id = place.id;
        row.dataset.lat = place.latitude == null ? "" : place.latitude;
        row.dataset.lon = place.longitude == null ? "" : place.longitude;
        text(row.querySelector(".place-detail"), [place.admin1, place.country].filter(Boolean).join(", ") + (place.feature ? " · " + place.feature : ""));
        row.querySelector(".new-coords").remove();
      } else {
        row.classList.add("place-new");
        text(row.querySelector(".place-detail"), texts.newdetail);
        row.querySelector(".new-coords").hidden = false;
      }
      list.appendChild(row);
      sync();
      row.querySelector("select.precision").focus();
    }

    function close() { menu.hidden = true; menu.innerHTML = ""; options = []; active = -1; search.setAttribute("aria-expanded", "false"); }
    function highlight(index) {
      active = index;
      Array.prototype.forEach.call(menu.children, function (li, i) {
        li.classList.toggle("active", i === index);
        li.setAttribute("aria-selected", i === index ? "true" : "false");
      });
    }
    function choose(index) {
      var option = options[index];
      if (!option) return;
      close();
      search.value = "";
      addRow(option);
    }
    function show(term, results) {
      menu.innerHTML = "";
      options = results.slice();
      options.push({ id: null, name: term });
      options.forEach(function (place, i) {
        var li = document.createElement("li");
        li.setAttribute("role", "option");
        li.id = search.id + "-opt-" + i;
        if (place.id) {
          var alt = [];
          ["fr", "en"].forEach(function (lang) {
            ((place.alternates || {})[lang] || []).forEach(function (n) { alt.push(n + " (" + lang + ")"); });
          });
          li.appendChild(text(document.createElement("strong"), place.name));
          li.appendChild(text(document.createElement("span"), " " + [place.admin1, place.country].filter(Boolean).join(", ") + (place.feature ? " · " + place.feature : "")));
          if (alt.length) li.appendChild(text(document.createElement("small"), " — " + alt.join(", ")));
        } else {
          li.className = "option-new";
          text(li, texts["new"].replace("%s", term));
        }
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(i); });
        menu.appendChild(li);
      });
      if (!results.length) {
        var none = document.createElement("li");
        none.className = "muted small";
        text(none, texts.none);
        menu.insertBefore(none, menu.firstChild);
        options.unshift(null);
      }
      menu.hidden = false;
      search.setAttribute("aria-expanded", "true");
      highlight(results.length ? 0 : options.length - 1);
    }
    var lookup = debounce(function () {
      var term = search.value.trim();
      if (term.length < 2) { close(); return; }
      fetch(editor.dataset.searchUrl + "?q=" + encodeURIComponent(term), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) { if (search.value.trim() === term) show(term, data.results || []); })
        .catch(close);
    }, 200);

    search.addEventListener("input", lookup);
    search.addEventListener("blur", function () { setTimeout(close, 150); });
    search.addEventListener("keydown", function (e) {
      if (e.key === "Enter") {
        // Enter picks a place; it never submits (accepts) the proposal from this box.
        e.preventDefault();
        if (!menu.hidden && active >= 0) choose(active);
      } else if (e.key === "ArrowDown" && !menu.hidden) {
        e.preventDefault();
        var next = active + 1;
        while (next < options.length && !options[next]) next++;
        if (next < options.length) highlight(next);
      } else if (e.key === "ArrowUp" && !menu.hidden) {
        e.preventDefault();
        var prev = active - 1;
        while (prev >= 0 && !options[prev]) prev--;
        if (prev >= 0) highlight(prev);
      } else if (e.key === "Escape" && !menu.hidden) {
        e.stopPropagation();
        close();
      }
    });
    list.addEventListener("click", function (e) {
      var button = e.target.closest(".remove-place");
      if (!button) return;
      button.closest(".place-row").remove();
      sync();
      search.focus();
    });
    list.addEventListener("change", sync);
    list.addEventListener("input", function (e) { if (e.target.matches(".lat, .lon")) sync(); });
    if (countryInput) countryInput.addEventListener("change", refreshPreview);
  }

  function init(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll(".places-editor"), setup);
  }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (e) { init(e.target); });
  if (document.readyState !== "loading") init(document);
})();
