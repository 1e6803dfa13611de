// Review page keyboard shortcuts: j/k move between open proposals, a accepts, r rejects,
// e edits (first field of the proposal), n opens the inbox's next article, ? lists them all.
// The proposals may arrive after the page (htmx swaps them in when the engine is done).
(function () {
  "use strict";
  var current = 0;

  function cards() { return Array.prototype.slice.call(document.querySelectorAll(".suggestion.open")); }
  function select(index, scroll) {
    var all = cards();
    if (!all.length) return;
    current = Math.max(0, Math.min(all.length - 1, index));
    all.forEach(function (c, i) { c.classList.toggle("current", i === current); });
    if (scroll) {
      all[current].scrollIntoView({ block: "start", behavior: "smooth" });
      all[current].focus({ preventScroll: true });
    }
  }
  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }
  function firstField(card) {
    // Not the hidden CSRF token or places list: the first field a person can type in.
    var fields = card.querySelectorAll(".suggestion-form input, .suggestion-form select, .suggestion-form textarea");
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if (f.type !== "hidden" && !f.disabled && f.offsetParent !== null) return f;
    }
    return null;
  }
  function bind() {
    var all = cards();
    var fromHash = all.findIndex(function (c) { return "#" + c.id === window.location.hash; });
    all.forEach(function (card, i) {
      if (card.dataset.keys) return;
      card.dataset.keys = "1";
      card.addEventListener("focusin", function () { select(i, false); });
    });
    select(fromHash >= 0 ? fromHash : 0, fromHash >= 0);
  }
  function toggleHelp() {
    var dialog = document.getElementById("shortcuts");
    if (!dialog) return;
    if (dialog.open) dialog.close(); else dialog.showModal();
  }

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var all = cards();
    if (typing(e.target)) {
      if (e.key === "Escape") { e.target.blur(); if (all[current]) all[current].focus(); }
      return;
    }
    if (document.getElementById("shortcuts") && document.getElementById("shortcuts").open && e.key !== "?") return;
    var card = all[current];
    switch (e.key) {
      case "?": toggleHelp(); break;
      case "n":
        var next = document.querySelector("[data-next-article]");
        if (!next) return;
        window.location.href = next.href;
        break;
      case "j": select(current + 1, true); break;
      case "k": select(current - 1, true); break;
      case "a": if (!card) return; card.querySelector('[data-action="accept"]').click(); break;
      case "r": if (!card) return; card.querySelector('[data-action="reject"]').click(); break;
      case "e":
        if (!card) return;
        var field = firstField(card);
        if (!field) return;
        field.focus();
        break;
      default: return;
    }
    e.preventDefault();
  });
  var opener = document.querySelector("[data-shortcuts-open]");
  if (opener) opener.addEventListener("click", toggleHelp);
  document.addEventListener("htmx:load", bind);
  bind();
})();
