// The phone menu (Bootstrap's collapse behind the toggler in base.html): Escape closes it and
// gives the focus back to its button, as any disclosure does, so that a keyboard user is not
// left inside a menu that covers the page. On wide screens the menu is always shown (the
// toggler is hidden) and Escape does nothing; without JavaScript the menu is shown open.
document.addEventListener("keydown", function (event) {
  if (event.key !== "Escape" || event.defaultPrevented) return;
  var menu = document.getElementById("main-nav");
  var toggler = document.querySelector('.navbar-toggler[aria-controls="main-nav"]');
  if (!menu || !toggler || !window.bootstrap || toggler.offsetParent === null) return;
  var open = menu.classList.contains("show");
  var opening = menu.classList.contains("collapsing") && toggler.getAttribute("aria-expanded") === "true";
  if (!open && !opening) return;
  var collapse = window.bootstrap.Collapse.getOrCreateInstance(menu, { toggle: false });
  if (opening) {
    // Bootstrap ignores a hide while the menu slides open: close it once it is open.
    menu.addEventListener("shown.bs.collapse", function () { collapse.hide(); }, { once: true });
  } else {
    collapse.hide();
  }
  toggler.focus();
});
