// Accessible names that Django's admin widgets leave out (found by axe-core):
// - the autocomplete pickers (Select2) name their combobox after the current choice only, so an
//   empty one has no name: the field's label is added to it;
// - the filter_horizontal search icons carry aria-label on a plain <span>: they become images;
// - a file input next to its current file has no label of its own: it takes its legend.
(function () {
  "use strict";
  var count = 0;

  function labelFor(id) {
    return id ? document.querySelector('label[for="' + id + '"]') : null;
  }

  function idOf(element) {
    if (!element.id) { element.id = "a11y-label-" + (++count); }
    return element.id;
  }

  function fix() {
    document.querySelectorAll(".select2-container").forEach(function (container) {
      var select = container.previousElementSibling;
      var combobox = container.querySelector(".select2-selection[role=combobox]");
      if (!select || !combobox || combobox.dataset.a11yNamed) { return; }
      var label = labelFor(select.id);
      if (!label) { return; }
      var current = combobox.getAttribute("aria-labelledby") || "";
      combobox.setAttribute("aria-labelledby", (idOf(label) + " " + current).trim());
      var rendered = container.querySelector(".select2-selection__rendered[role=textbox]");
      if (rendered) { rendered.setAttribute("aria-labelledby", idOf(label) + " " + idOf(rendered)); }
      combobox.dataset.a11yNamed = "1";
    });
    document.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
    document.querySelectorAll("input[type=file]").forEach(function (input) {
      if (input.labels && input.labels.length) { return; }
      if (input.getAttribute("aria-label") || input.getAttribute("aria-labelledby")) { return; }
      // A file input with a "clear" box is drawn in a fieldset: its name is the legend.
      var group = input.closest("fieldset");
      var label = group && group.querySelector("legend");
      if (label) { input.setAttribute("aria-labelledby", idOf(label)); }
    });
  }

  window.addEventListener("load", function () {
    fix();
    new MutationObserver(fix).observe(document.body, { childList: true, subtree: true });
  });
  document.addEventListener("DOMContentLoaded", fix);
})();
