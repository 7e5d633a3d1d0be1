// Runs before first paint (a blocking script in <head>), so a dark-mode reader
// never sees a white flash. The toggle writes localStorage["theme"].
(function () {
  var stored = null;
  try {
    stored = localStorage.getItem("theme");
  } catch (e) {}
  var dark =
    stored === "dark" || (stored !== "light" && window.matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.classList.toggle("dark", dark);
  document.documentElement.dataset.theme = stored === "light" || stored === "dark" ? stored : "system";
  // Scripts run: the account menu will come from /api/me (globals.css hides "Sign in" until it has).
  document.documentElement.dataset.js = "";
})();
