// Review queue keyboard shortcuts: j/k move, p publishes, b sends back (asks the reason),
// o or Enter opens the incident, ? lists the shortcuts. The buttons work without this script.
(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll(".queue-row"));
  var help = document.getElementById("shortcuts");
  var current = 0;

  function select(index, focus) {
    if (!rows.length) return;
    current = Math.max(0, Math.min(rows.length - 1, index));
    rows.forEach(function (r, i) { r.classList.toggle("current", i === current); });
    if (focus) rows[current].focus();
  }
  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }
  function toggleHelp() {
    if (!help) return;
    if (help.open) help.close(); else help.showModal();
  }
  rows.forEach(function (row, i) {
    row.addEventListener("focusin", function () { select(i, false); });
    row.addEventListener("click", function () { select(i, false); });
  });
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (typing(e.target)) {
      if (e.key === "Escape") {
        var details = e.target.closest("details");
        if (details) details.open = false;
        if (rows[current]) rows[current].focus();
        e.preventDefault();
      }
      return;
    }
    if (e.key === "?") { toggleHelp(); e.preventDefault(); return; }
    if (help && help.open) return;
    var row = rows[current];
    if (!row) return;
    switch (e.key) {
      case "j": select(current + 1, true); break;
      case "k": select(current - 1, true); break;
      case "p": row.querySelector('[data-action="publish"]').click(); break;
      case "b":
        var details = row.querySelector("details.send-back");
        details.open = true;
        details.querySelector("input[name=reason]").focus();
        break;
      case "o": case "Enter":
        if (e.key === "Enter" && e.target !== row) return;
        row.querySelector("a.open").click(); break;
      default: return;
    }
    e.preventDefault();
  });
  select(0, false);
})();
