// A "select all" checkbox: <input type="checkbox" data-select-all="NAME" hidden> toggles every
// checkbox named NAME in the same form. It is hidden until this script runs: without
// JavaScript the form offers a button that acts on every row of the page instead.
document.querySelectorAll("input[data-select-all]").forEach(function (master) {
  master.hidden = false;
  master.addEventListener("change", function () {
    var boxes = master.form.querySelectorAll('input[type="checkbox"][name="' + master.dataset.selectAll + '"]');
    boxes.forEach(function (box) { box.checked = master.checked; });
  });
});
