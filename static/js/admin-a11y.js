// Accessible names that Django's admin widgets leave out (found by axe-core):
// - the autocomplete pickers (Select2) name their combobox after the current choice only, so an
//   empty one has no name: the field's label is added to it;
// - the filter_horizontal search icons carry aria-label on a plain <span>: they become images;
// - a file input next to its current file has no label of its own: it takes its legend;
// - the search box of a picker (the one typed into beside the choices of a many-to-many
//   picker, and the one of an opened picker's list) has no name: it takes the field's label;
// - the "remove all" cross of a many-to-many picker sits in the list of choices, where only
//   items belong: it is a mouse shortcut (Backspace does the same), hidden from assistive
//   technology;
// - the calendar script puts its time-zone note ("You are 2 hours ahead of server time")
//   under dates as well as times: a date without a time has no time zone, so there the note
//   goes, and aria-describedby no longer points at it;
// - an opened picker names its list with aria-owns only, where a combobox needs aria-controls;
//   and it draws the list at the end of <body>, outside every landmark: it is drawn in <main>.
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

  function describedBy(element, without) {
    var ids = (element.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (id) {
      return id && id !== without;
    });
    if (ids.length) { element.setAttribute("aria-describedby", ids.join(" ")); }
    else { element.removeAttribute("aria-describedby"); }
  }

  function nameSearchBoxes() {
    // Inline: the box is inside the picker, after the hidden <select>.
    document.querySelectorAll(".select2-container .select2-selection .select2-search__field")
      .forEach(function (search) {
        var container = search.closest(".select2-container");
        var select = container && container.previousElementSibling;
        var label = select && labelFor(select.id);
        if (label) { search.setAttribute("aria-labelledby", idOf(label)); }
      });
    // In an opened list: the list's id is select2-<the select's id>-results.
    document.querySelectorAll(".select2-dropdown .select2-search__field[aria-controls]")
      .forEach(function (search) {
        var match = /^select2-(.+)-results$/.exec(search.getAttribute("aria-controls"));
        var label = match && labelFor(match[1]);
        if (label) { search.setAttribute("aria-labelledby", idOf(label)); }
      });
    document.querySelectorAll(".select2-selection__rendered > .select2-selection__clear")
      .forEach(function (cross) { cross.setAttribute("aria-hidden", "true"); });
  }

  function dropDateTimezoneNotes() {
    // An input of a date alone (not in a date-and-time pair) drops its reference to the note,
    // whether or not the note was drawn: Django names it even when the browser's time zone is
    // the server's and no note appears, which leaves aria-describedby pointing at nothing.
    document.querySelectorAll("input.vDateField[aria-describedby]").forEach(function (input) {
      if (input.closest(".datetime")) { return; }
      input.getAttribute("aria-describedby").split(/\s+/).forEach(function (id) {
        if (/_timezone_warning_helptext$/.test(id)) { describedBy(input, id); }
      });
    });
    document.querySelectorAll(".timezonewarning").forEach(function (note) {
      var field = note.parentNode;
      if (!field || field.querySelector(".vTimeField") || !field.querySelector(".vDateField")) {
        return;
      }
      field.querySelectorAll("[aria-describedby]").forEach(function (input) {
        describedBy(input, note.id);
      });
      note.remove();
    });
  }

  function pointAtOpenLists() {
    document.querySelectorAll(".select2-selection[role=combobox]").forEach(function (combobox) {
      var list = combobox.getAttribute("aria-owns");
      if (list) { combobox.setAttribute("aria-controls", list); }
      else { combobox.removeAttribute("aria-controls"); }
    });
  }

  function fix() {
    nameSearchBoxes();
    dropDateTimezoneNotes();
    pointAtOpenLists();
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

  // Before the pickers are made (Django starts them when the page is ready, after this
  // deferred script): Select2 reads its options from data- attributes, the template of an
  // inline's new row included.
  document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
    if (document.getElementById("content-start")) {
      select.setAttribute("data-dropdown-parent", "#content-start");
    }
  });

  window.addEventListener("load", function () {
    fix();
    new MutationObserver(fix).observe(document.body, { childList: true, subtree: true });
  });
  document.addEventListener("DOMContentLoaded", fix);
})();
