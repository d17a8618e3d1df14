// A form sent back with errors: the focus moves to its error summary
// (includes/error_summary.html), so that a screen reader reads it first and a keyboard user
// starts from its links to the fields; the page's title already begins with "Error:"
// (base.html). Without JavaScript the summary is still first in the form, and announced.
var summary = document.querySelector(".error-summary");
if (summary) {
  if (!summary.hasAttribute("tabindex")) summary.setAttribute("tabindex", "-1");
  summary.focus();
}
