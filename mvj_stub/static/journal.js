// MittVaccin Journal (stubb): menu, clickable result rows and the inactivity timer.
// Plain setTimeout/Date on purpose: Playwright's page.clock controls them.
(function () {
  "use strict";
  // The script runs in <head>, before the page is shown: the timer starts at once,
  // the menu and the rows are wired up when the document is parsed.
  document.addEventListener("DOMContentLoaded", function () {
    // --- Kunder menu (menu button pattern) ---
    var button = document.getElementById("kunder-knapp");
    var menu = document.getElementById("kunder-meny");
    if (button && menu) {
      var items = function () { return Array.prototype.slice.call(menu.querySelectorAll('[role="menuitem"]')); };
      var open = function (focusIndex) {
        menu.hidden = false;
        button.setAttribute("aria-expanded", "true");
        var list = items();
        if (focusIndex !== undefined && list.length) {
          list[(focusIndex + list.length) % list.length].focus();
        }
      };
      var close = function (returnFocus) {
        menu.hidden = true;
        button.setAttribute("aria-expanded", "false");
        if (returnFocus) { button.focus(); }
      };
      button.addEventListener("click", function () {
        if (menu.hidden) { open(0); } else { close(false); }
      });
      button.addEventListener("keydown", function (event) {
        if (event.key === "ArrowDown" || event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          open(0);
        } else if (event.key === "ArrowUp") {
          event.preventDefault();
          open(-1);
        }
      });
      menu.addEventListener("keydown", function (event) {
        var list = items();
        var index = list.indexOf(document.activeElement);
        if (event.key === "Escape") {
          event.preventDefault();
          close(true);
        } else if (event.key === "ArrowDown") {
          event.preventDefault();
          list[(index + 1) % list.length].focus();
        } else if (event.key === "ArrowUp") {
          event.preventDefault();
          list[(index - 1 + list.length) % list.length].focus();
        } else if (event.key === "Home") {
          event.preventDefault();
          list[0].focus();
        } else if (event.key === "End") {
          event.preventDefault();
          list[list.length - 1].focus();
        } else if (event.key === "Tab") {
          close(false);
        } else if (event.key === " ") {
          event.preventDefault();
          if (document.activeElement && document.activeElement.click) { document.activeElement.click(); }
        }
      });
      document.addEventListener("click", function (event) {
        if (!menu.hidden && !menu.contains(event.target) && event.target !== button) {
          close(false);
        }
      });
    }

    // --- whole result row opens the Kundkort (the link inside serves keyboards) ---
    Array.prototype.forEach.call(document.querySelectorAll("tr[data-href]"), function (row) {
      row.addEventListener("click", function (event) {
        if (event.target.closest("a")) { return; }
        window.location.assign(row.getAttribute("data-href"));
      });
    });
  });

  // --- inactivity: 45 minutes without a click or key press logs out ---
  var root = document.documentElement;
  if (root.getAttribute("data-inloggad") !== "ja") { return; }
  var limit = Number(root.getAttribute("data-inaktivitet-ms"));
  var beatEvery = Number(root.getAttribute("data-aktivitet-ms"));
  var activityUrl = root.getAttribute("data-aktivitet-url");
  var logoutUrl = root.getAttribute("data-inaktivitet-url");
  var lastBeat = Date.now(); // loading this page was activity on the server already
  var loggingOut = false;

  var logOut = function () {
    if (loggingOut) { return; }
    loggingOut = true;
    window.location.assign(logoutUrl);
  };
  var timer = setTimeout(logOut, limit);

  var heartbeat = function () {
    fetch(activityUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (response.status !== 401) { return; }
      return response.json().then(function (answer) {
        if (answer && answer.orsak === "inaktivitet") { logOut(); }
        else { window.location.assign("/"); }
      });
    }).catch(function () { /* offline: the timer still logs out */ });
  };

  var activity = function () {
    if (loggingOut) { return; }
    clearTimeout(timer);
    timer = setTimeout(logOut, limit);
    var now = Date.now();
    if (now - lastBeat >= beatEvery) {
      lastBeat = now;
      heartbeat();
    }
  };
  document.addEventListener("click", activity, true);
  document.addEventListener("keydown", activity, true);
})();
