/* The desk's interactive map (Leaflet + markercluster, vendored; no network beyond the desk).
 *
 * Markup: templates/desk/_map.html. Each `.imap` element names its data either by URL
 * (`data-points-url`: /incidents/map.json with the page's filters) or inline (`data-points-id`:
 * a json_script element), and the basemap (`data-basemap-url`, built by `manage.py build_basemap`).
 * Points are coloured by event type and sized by fatalities (both decided on the server), and
 * clustered. The time slider shows one week of the period at a time; "Play" walks the weeks.
 * "Search this area" opens the incident list with the page's filters and the map's `bbox`.
 * Every text comes from the template (translated) and every value is written with textContent.
 */
(function () {
  "use strict";

  var DAY = 86400000;

  function parseDay(iso) {
    var p = iso.split("-");
    return Date.UTC(+p[0], +p[1] - 1, +p[2]);
  }

  function monday(time) {
    var weekday = (new Date(time).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
    return time - weekday * DAY;
  }

  var pageLanguage = document.documentElement.lang || "en";
  // Django writes English dates day first ("1 July 2025"): so does the map.
  var dayFormat = new Intl.DateTimeFormat(pageLanguage === "en" ? "en-GB" : pageLanguage, {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });

  function longDay(time) {
    return dayFormat.format(new Date(time)); // "7 July 2025", "7 juillet 2025"
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) {
      return values[key];
    });
  }

  function popupContent(p, t) {
    var box = el("div", "imap-popup");
    var head = el("p", "imap-popup-date", p.date_text);
    if (p.unpublished) {
      head.appendChild(document.createTextNode(" "));
      head.appendChild(el("span", "status unpublished", p.review_status));
    }
    box.appendChild(head);
    box.appendChild(el("h3", "imap-popup-place", p.place));
    var type = el("p", "imap-popup-type");
    var swatch = el("span", "imap-swatch");
    swatch.style.background = p.colour;
    type.appendChild(swatch);
    type.appendChild(document.createTextNode(p.event_type_label));
    box.appendChild(type);
    var facts = el("dl", "imap-popup-facts");
    function fact(label, value) {
      facts.appendChild(el("dt", null, label));
      facts.appendChild(el("dd", null, value));
    }
    fact(t.actors, p.actors.length ? p.actors.join(", ") : t.none);
    fact(t.claim, p.claim);
    fact(t.toll, p.toll);
    box.appendChild(facts);
    var link = el("a", "imap-popup-link", format(t.open, { id: p.incident }));
    link.href = p.url;
    box.appendChild(link);
    return box;
  }

  function clusterIcon(cluster) {
    var n = cluster.getChildCount();
    var size = n < 10 ? 30 : n < 100 ? 36 : 44;
    return L.divIcon({
      html: "<span>" + n + "</span>",
      className: "imap-cluster",
      iconSize: L.point(size, size),
    });
  }

  function DeskMap(root) {
    this.root = root;
    this.t = JSON.parse(document.getElementById(root.dataset.stringsId).textContent);
    this.canvas = root.querySelector(".imap-canvas");
    this.status = root.querySelector(".imap-status");
    this.markers = [];
    this.week = null; // null: the whole period
    this.timer = null;
    this.map = L.map(this.canvas, {
      minZoom: 3,
      maxZoom: 13,
      zoomSnap: 0.5,
      attributionControl: false,
      worldCopyJump: false,
    });
    L.control
      .attribution({ prefix: false })
      .addAttribution(this.t.credit)
      .addTo(this.map);
    L.control.scale({ imperial: false, position: "bottomright" }).addTo(this.map);
    // Basemap under the labels, labels under the points; neither takes a click.
    this.map.createPane("basemap").style.zIndex = 200;
    this.map.createPane("labels").style.zIndex = 350;
    this.map.getPane("labels").style.pointerEvents = "none";
    this.clusters = L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: 40,
      spiderfyOnMaxZoom: true,
      iconCreateFunction: clusterIcon,
    });
    this.map.addLayer(this.clusters);
    this.fitDefault();
    var self = this;
    this.fit = root.querySelector(".imap-fit");
    if (this.fit)
      this.fit.addEventListener("click", function () {
        self.fitPoints(true);
      });
    Promise.all([this.loadBasemap(), this.loadPoints()])
      .then(function () {
        self.setUpTime();
        self.show();
        // Placed at once, not zoomed in as a movie: a click in the first quarter second (a
        // popup panning the map) would otherwise stop the zoom animation half-way and leave
        // the points drawn at 16 times their size.
        self.fitPoints(false, { animate: false });
        self.map.on("moveend", function () {
          self.show(true);
        });
        root.classList.add("imap-ready");
        root.closest(".map-card") && root.closest(".map-card").classList.add("imap-live");
      })
      .catch(function (error) {
        self.status.textContent = self.t.failed;
        root.classList.add("imap-failed");
        if (window.console) console.error(error);
      });
    this.setUpSearchArea();
  }

  DeskMap.prototype.fitDefault = function () {
    var box = (this.root.dataset.bbox || "-18,9,16,25").split(",").map(Number);
    this.map.fitBounds([
      [box[1], box[0]],
      [box[3], box[2]],
    ]);
  };

  DeskMap.prototype.loadBasemap = function () {
    var map = this.map;
    var focus = this.root.dataset.country || "";
    var french = (document.documentElement.lang || "").indexOf("fr") === 0;
    return fetch(this.root.dataset.basemapUrl, { credentials: "same-origin" })
      .then(function (r) {
        if (!r.ok) throw new Error("basemap " + r.status);
        return r.json();
      })
      .then(function (basemap) {
        var countryLabels = L.layerGroup();
        var regionLabels = L.layerGroup();
        L.geoJSON(basemap, {
          pane: "basemap",
          interactive: false,
          style: function (f) {
            if (f.properties.kind !== "country")
              return { className: "imap-admin1", weight: 0.6, color: "#b3bac3", dashArray: "3 2", fill: false };
            if (f.properties.iso === focus)
              return { className: "imap-country imap-focus", weight: 1.6, color: "#3d4654", fillColor: "#fffefa", fillOpacity: 1 };
            return { className: "imap-country", weight: 1, color: "#8e98a4", fillColor: "#f1efe8", fillOpacity: 1 };
          },
          onEachFeature: function (f) {
            var p = f.properties;
            var name = p.kind === "country" && french && p.name_fr ? p.name_fr : p.name;
            var label = L.marker([p.label[1], p.label[0]], {
              pane: "labels",
              interactive: false,
              keyboard: false,
              icon: L.divIcon({ className: "imap-label imap-label-" + p.kind, html: "", iconSize: null }),
            });
            label.on("add", function () {
              // Leaflet moves the icon with a transform: the inner span centres the name.
              var span = el("span", null, name);
              label.getElement().replaceChildren(span);
            });
            (p.kind === "country" ? countryLabels : regionLabels).addLayer(label);
          },
        }).addTo(map);
        countryLabels.addTo(map);
        // Region names once the regions are large enough on screen to hold them.
        function regionsByZoom() {
          if (map.getZoom() >= 6) regionLabels.addTo(map);
          else regionLabels.remove();
        }
        map.on("zoomend", regionsByZoom);
        regionsByZoom();
      });
  };

  DeskMap.prototype.loadPoints = function () {
    var self = this;
    var inline = this.root.dataset.pointsId;
    var loading = inline
      ? Promise.resolve(JSON.parse(document.getElementById(inline).textContent))
      : fetch(this.root.dataset.pointsUrl, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(
          function (r) {
            if (!r.ok) throw new Error("points " + r.status);
            return r.json();
          }
        );
    return loading.then(function (collection) {
      self.truncated = collection.truncated;
      self.limit = collection.limit;
      self.markers = collection.features.map(function (f) {
        var p = f.properties;
        var unknown = p.fatalities === null;
        var marker = L.circleMarker([f.geometry.coordinates[1], f.geometry.coordinates[0]], {
          radius: p.radius,
          color: p.colour,
          weight: unknown ? 2 : 1.2,
          fillColor: p.colour,
          fillOpacity: unknown ? 0 : 0.6,
          dashArray: p.unpublished ? "2 3" : null,
          className: "imap-point" + (p.unpublished ? " imap-unpublished" : ""),
        });
        marker.feature = f;
        marker.time = parseDay(p.date);
        marker.bindPopup(popupContent(p, self.t), {
          maxWidth: 300,
          // The popup's left edge stays right of the zoom buttons (10 to 44 px from the left):
          // it can then never cover them, even on a small map where it fills the height.
          autoPanPaddingTopLeft: L.point(56, 8),
          autoPanPaddingBottomRight: L.point(12, 12),
        });
        return marker;
      });
    });
  };

  DeskMap.prototype.setUpTime = function () {
    var time = this.root.querySelector(".imap-time");
    if (!time) return;
    var days = this.markers.map(function (m) {
      return m.time;
    });
    var start = this.root.dataset.periodStart ? parseDay(this.root.dataset.periodStart) : Math.min.apply(null, days);
    var end = this.root.dataset.periodEnd ? parseDay(this.root.dataset.periodEnd) : Math.max.apply(null, days);
    if (!isFinite(start) || !isFinite(end) || end < start) {
      time.hidden = true;
      return;
    }
    this.firstMonday = monday(start);
    this.weeks = Math.floor((monday(end) - this.firstMonday) / (7 * DAY)) + 1;
    this.periodEnd = end;
    this.periodStart = start;
    var self = this;
    this.slider = time.querySelector("input[type=range]");
    this.whole = time.querySelector(".imap-whole");
    this.play = time.querySelector(".imap-play");
    this.weekLabel = time.querySelector(".imap-week");
    this.slider.max = String(this.weeks - 1);
    this.slider.value = "0";
    this.slider.addEventListener("input", function () {
      self.stop();
      self.setWeek(+self.slider.value);
    });
    // Touching the slider while the whole period shows picks the week it points at, even
    // when a key (Home on the first week) leaves its value unchanged.
    function takeOver() {
      if (self.week === null) {
        self.stop();
        self.setWeek(+self.slider.value);
      }
    }
    this.slider.addEventListener("keydown", takeOver);
    this.slider.addEventListener("pointerdown", takeOver);
    this.whole.addEventListener("click", function () {
      self.stop();
      self.setWeek(null);
    });
    this.play.addEventListener("click", function () {
      if (self.timer) self.stop();
      else self.start();
    });
    time.hidden = false;
  };

  DeskMap.prototype.setWeek = function (week) {
    this.week = week;
    if (week !== null) this.slider.value = String(week);
    this.show();
  };

  DeskMap.prototype.start = function () {
    var self = this;
    var next = this.week === null || this.week >= this.weeks - 1 ? 0 : this.week + 1;
    this.setWeek(next);
    this.play.textContent = this.t.pause;
    this.play.setAttribute("aria-pressed", "true");
    this.timer = window.setInterval(function () {
      if (self.week >= self.weeks - 1) self.stop();
      else self.setWeek(self.week + 1);
    }, +(self.root.dataset.playMs || 1200));
  };

  DeskMap.prototype.stop = function () {
    if (!this.timer) return;
    window.clearInterval(this.timer);
    this.timer = null;
    this.play.textContent = this.t.play;
    this.play.setAttribute("aria-pressed", "false");
  };

  DeskMap.prototype.inWeek = function (marker) {
    if (this.week === null) return true;
    var from = this.firstMonday + this.week * 7 * DAY;
    return marker.time >= from && marker.time < from + 7 * DAY;
  };

  // `recount`: the view moved, only the texts change (the points and an open popup stay).
  DeskMap.prototype.show = function (recount) {
    var self = this;
    var shown = this.markers.filter(function (m) {
      return self.inWeek(m);
    });
    if (!recount) {
      this.map.closePopup();
      this.clusters.clearLayers();
      this.clusters.addLayers(shown);
    }
    var incidents = {};
    shown.forEach(function (m) {
      incidents[m.feature.properties.incident] = true;
    });
    var all = {};
    this.markers.forEach(function (m) {
      all[m.feature.properties.incident] = true;
    });
    var total = Object.keys(all).length;
    var text = format(total > 1 ? this.t.shown_many : this.t.shown_one, {
      shown: Object.keys(incidents).length,
      total: total,
    });
    if (this.truncated) text += " " + format(this.t.truncated, { limit: this.limit });
    var view = this.map.getBounds();
    var outside = shown.filter(function (m) {
      return !view.contains(m.getLatLng());
    }).length;
    // A week's points may all lie outside a zoomed-in view: say so, and offer to frame them.
    if (outside) text += " " + format(this.t.outside, { n: outside });
    if (this.fit) this.fit.hidden = !outside;
    this.status.textContent = text;
    this.status.dataset.shown = String(Object.keys(incidents).length);
    if (this.weekLabel) {
      if (this.week === null) {
        this.weekLabel.textContent = format(this.t.period, {
          start: longDay(this.periodStart),
          end: longDay(this.periodEnd),
        });
      } else {
        var from = this.firstMonday + this.week * 7 * DAY;
        this.weekLabel.textContent = format(this.t.week, { start: longDay(from), end: longDay(from + 6 * DAY) });
      }
      this.whole.setAttribute("aria-pressed", this.week === null ? "true" : "false");
      this.slider.classList.toggle("imap-idle", this.week === null);
    }
  };

  // The shown points (`onlyShown`: of the week on the slider), else all of them, framed.
  DeskMap.prototype.fitPoints = function (onlyShown, options) {
    var self = this;
    var markers = onlyShown
      ? this.markers.filter(function (m) {
          return self.inWeek(m);
        })
      : this.markers;
    if (!markers.length) return;
    var bounds = L.latLngBounds(
      markers.map(function (m) {
        return m.getLatLng();
      })
    );
    var fit = { maxZoom: +(this.root.dataset.maxFitZoom || 7) };
    this.map.fitBounds(bounds.pad(0.25), L.extend(fit, options || {}));
  };

  DeskMap.prototype.setUpSearchArea = function () {
    var button = this.root.querySelector(".imap-search-area");
    if (!button) return;
    var map = this.map;
    button.addEventListener("click", function () {
      var b = map.getBounds();
      function clamp(v, limit) {
        return Math.max(-limit, Math.min(limit, v)).toFixed(3);
      }
      var bbox = [clamp(b.getWest(), 180), clamp(b.getSouth(), 90), clamp(b.getEast(), 180), clamp(b.getNorth(), 90)];
      var url = new URL(button.dataset.listUrl, window.location.href);
      url.searchParams.set("bbox", bbox.join(","));
      url.searchParams.delete("page");
      window.location.assign(url.toString());
    });
  };

  function start() {
    if (!window.L) return;
    window.deskMaps = Array.prototype.map.call(document.querySelectorAll(".imap"), function (root) {
      return new DeskMap(root);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
