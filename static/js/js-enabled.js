// Loaded in <head>, before the page is drawn: tells the style sheet that scripts run
// (<html class="no-js"> becomes "js"), so that the menu is collapsed behind its button only
// when the button can open it.
document.documentElement.classList.replace("no-js", "js");
