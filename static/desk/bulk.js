// The incident list's bulk bar: row boxes (shift-click selects a range), the page box,
// "select all N matching this filter", and the parameter field of the chosen action.
(function () {
  "use strict";
  const form = document.getElementById("bulk-form");
  if (!form) return;
  const boxes = Array.from(document.querySelectorAll("input.bulk-row"));
  const pageBox = document.getElementById("bulk-page");
  const all = document.getElementById("bulk-all");
  const counter = document.getElementById("bulk-selected");
  const offer = form.querySelector(".bulk-all-offer");
  const allOn = form.querySelector(".bulk-all-on");
  const jobNote = form.querySelector(".bulk-job-note");
  const total = parseInt(form.dataset.total, 10);
  const threshold = parseInt(form.dataset.jobThreshold, 10);
  const action = document.getElementById("bulk-action");
  let last = null;

  function refresh() {
    const checked = boxes.filter((b) => b.checked).length;
    const everything = all.value === "1";
    counter.textContent = everything ? total : checked;
    const wholePage = checked === boxes.length && boxes.length > 0;
    if (pageBox) {
      pageBox.checked = wholePage;
      pageBox.indeterminate = checked > 0 && !wholePage;
    }
    offer.hidden = everything || !wholePage || total <= boxes.length;
    allOn.hidden = !everything;
    jobNote.hidden = (everything ? total : checked) <= threshold;
  }

  boxes.forEach((box, index) => {
    box.addEventListener("click", (event) => {
      if (event.shiftKey && last !== null) {
        const [from, to] = [Math.min(last, index), Math.max(last, index)];
        for (let i = from; i <= to; i++) boxes[i].checked = box.checked;
      }
      last = index;
      if (!box.checked) all.value = "0";
      refresh();
    });
  });
  if (pageBox) {
    pageBox.addEventListener("change", () => {
      boxes.forEach((b) => { b.checked = pageBox.checked; });
      if (!pageBox.checked) all.value = "0";
      refresh();
    });
  }
  document.getElementById("bulk-select-all").addEventListener("click", () => { all.value = "1"; refresh(); });
  document.getElementById("bulk-clear").addEventListener("click", () => {
    all.value = "0";
    boxes.forEach((b) => { b.checked = false; });
    refresh();
  });

  function showParams() {
    form.querySelectorAll(".bulk-param").forEach((span) => {
      const on = span.dataset.for.split(" ").includes(action.value);
      span.hidden = !on;
      span.querySelectorAll("input, select").forEach((field) => { field.disabled = !on; });
    });
  }
  action.addEventListener("change", showParams);
  form.addEventListener("submit", (event) => {
    const selected = all.value === "1" ? total : boxes.filter((b) => b.checked).length;
    if (!selected) {
      event.preventDefault();
      counter.parentElement.classList.add("error-text");
    }
  });
  showParams();
  refresh();
})();
