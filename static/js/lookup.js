// Search-as-you-type for the pickers of portal/widgets.py (an ARIA 1.2 combobox with a listbox).
// Without this script the text box still works: the form resolves the name typed.
// A single picker puts the chosen id in its hidden field; a multiple one adds a line (and the
// id) to its text area. The script may be included once per picker: each is set up once.
(function () {
  "use strict";

  function setUp(box) {
    if (box.dataset.lookupReady) { return; }
    box.dataset.lookupReady = "1";
    var input = box.querySelector("input[data-lookup-url]");
    var list = box.querySelector("[role=listbox]");
    var status = box.querySelector("[data-lookup-status]");
    var hidden = box.querySelector("input[data-lookup-id]");
    var lines = box.querySelector("textarea[data-lookup-lines]");
    var adder = box.querySelector("[data-lookup-adder]");
    if (adder) { adder.hidden = false; }
    var results = [];
    var active = -1;
    var timer = null;
    var request = 0;

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    function close() {
      list.hidden = true;
      list.replaceChildren();
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (option, i) {
        option.classList.toggle("active", i === index);
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(index) {
      var result = results[index];
      if (!result) { return; }
      if (lines) {
        var text = lines.value.replace(/\s+$/, "");
        lines.value = (text ? text + "\n" : "") + result.text + "\n";
        var id = document.createElement("input");
        id.type = "hidden";
        id.name = lines.name.replace(/_text$/, "");
        id.value = result.id;
        box.appendChild(id);
        input.value = "";
      } else {
        input.value = result.text;
        hidden.value = result.id;
      }
      close();
      input.focus();
    }

    function show(found) {
      results = found;
      list.replaceChildren();
      found.forEach(function (result, i) {
        var option = document.createElement("li");
        option.id = list.id + "_" + i;
        option.className = "list-group-item list-group-item-action";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = result.text + " ";
        var detail = document.createElement("small");
        detail.className = "text-body-secondary";
        detail.textContent = result.detail;
        option.appendChild(detail);
        // mousedown, not click: it comes before the text box loses focus.
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(i);
        });
        list.appendChild(option);
      });
      list.hidden = found.length === 0;
      input.setAttribute("aria-expanded", found.length ? "true" : "false");
      status.textContent = found.length ? status.dataset.some : status.dataset.none;
      active = -1;
    }

    function search() {
      var text = input.value.trim();
      if (text.length < 2) { close(); return; }
      var url = input.dataset.lookupUrl;
      url += (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(text);
      var mine = ++request;
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (mine === request) { show(data.results); } })
        .catch(function () { close(); });
    }

    input.addEventListener("input", function () {
      if (hidden) { hidden.value = ""; }  // a new text: the former choice no longer holds
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    input.addEventListener("keydown", function (event) {
      var count = results.length;
      if (event.key === "ArrowDown" && !list.hidden) {
        event.preventDefault();
        highlight((active + 1) % count);
      } else if (event.key === "ArrowUp" && !list.hidden) {
        event.preventDefault();
        highlight((active - 1 + count) % count);
      } else if (event.key === "Enter" && !list.hidden && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", close);
  }

  function setUpAll() {
    document.querySelectorAll("[data-lookup]").forEach(setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
