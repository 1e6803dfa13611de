// Review page keyboard shortcuts: j/k move between open proposals, a accepts, r rejects, e edits.
(function () {
  "use strict";
  var cards = Array.prototype.slice.call(document.querySelectorAll(".suggestion.open"));
  if (!cards.length) return;
  var current = 0;
  var fromHash = cards.findIndex(function (c) { return "#" + c.id === window.location.hash; });
  if (fromHash >= 0) current = fromHash;

  function select(index, scroll) {
    current = Math.max(0, Math.min(cards.length - 1, index));
    cards.forEach(function (c, i) { c.classList.toggle("current", i === current); });
    if (scroll) {
      cards[current].scrollIntoView({ block: "start", behavior: "smooth" });
      cards[current].focus({ preventScroll: true });
    }
  }
  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }
  cards.forEach(function (card, i) {
    card.addEventListener("focusin", function () { select(i, false); });
  });
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (typing(e.target)) {
      if (e.key === "Escape") { e.target.blur(); cards[current].focus(); }
      return;
    }
    var card = cards[current];
    switch (e.key) {
      case "j": select(current + 1, true); break;
      case "k": select(current - 1, true); break;
      case "a": card.querySelector('[data-action="accept"]').click(); break;
      case "r": card.querySelector('[data-action="reject"]').click(); break;
      case "e": var field = card.querySelector(".suggestion-form input, .suggestion-form select, .suggestion-form textarea"); if (field) field.focus(); break;
      default: return;
    }
    e.preventDefault();
  });
  select(current, fromHash >= 0);
})();
