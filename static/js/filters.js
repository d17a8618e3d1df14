// Filter panels (<details class="filter-details">) are closed in the page so that on phones the
// results come first; on wide screens, where they sit beside the results, they are opened.
// Without this script they stay closed and open with their summary.
(function () {
  "use strict";
  function openOnWideScreens() {
    if (!window.matchMedia("(min-width: 992px)").matches) { return; }
    document.querySelectorAll("details.filter-details[data-open-wide]").forEach(function (panel) {
      panel.open = true;
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", openOnWideScreens);
  } else {
    openOnWideScreens();
  }
})();
