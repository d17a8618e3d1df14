// A "select all" checkbox: <input type="checkbox" data-select-all="NAME"> toggles every
// checkbox named NAME in the same form.
document.querySelectorAll("input[data-select-all]").forEach(function (master) {
  master.addEventListener("change", function () {
    var boxes = master.form.querySelectorAll('input[type="checkbox"][name="' + master.dataset.selectAll + '"]');
    boxes.forEach(function (box) { box.checked = master.checked; });
  });
});
