// MittVaccin Journal (stubb): menu, clickable result rows, the dialogs' keyboard (Escape,
// focus kept inside), the inactivity timer and, with --json-api, the login and the search
// as JSON posts (like a single-page app).
// Plain setTimeout/Date on purpose: Playwright's page.clock controls them.
(function () {
  "use strict";
  var root = document.documentElement;
  var loggingOut = false;

  // The 45 minutes are up (here or on the server): the inactivity page ends the session.
  // In JSON mode the page first ends it with a POST of its own, as a single-page journal
  // does, and goes where the answer says (the same page, whatever the answer).
  var logOut = function () {
    if (loggingOut) { return; }
    loggingOut = true;
    var page = root.getAttribute("data-inaktivitet-url") || "/utloggad/inaktivitet";
    var post = root.getAttribute("data-inaktivitet-post");
    if (!post) {
      window.location.assign(page);
      return;
    }
    fetch(post, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: "{}"
    }).then(function (response) {
      return response.json();
    }).then(function (answer) {
      window.location.assign(answer && isLocalPath(answer.adress) ? answer.adress : page);
    }).catch(function () {
      window.location.assign(page);
    });
  };

  // A 401 from the server: out after inactivity, or no session at all (the login page).
  var loggedOut = function (response) {
    return response.json().then(function (answer) {
      if (answer && answer.orsak === "inaktivitet") { logOut(); }
      else { window.location.assign("/"); }
    });
  };

  // --- whole result row opens the Kundkort (the link inside serves keyboards) ---
  var wireRows = function (scope) {
    Array.prototype.forEach.call(scope.querySelectorAll("tr[data-href]"), function (row) {
      row.addEventListener("click", function (event) {
        if (event.target.closest("a")) { return; }
        window.location.assign(row.getAttribute("data-href"));
      });
    });
  };

  // A same-origin path only: the answer decides where the page goes.
  var isLocalPath = function (path) {
    return typeof path === "string" && path.charAt(0) === "/" && path.charAt(1) !== "/" &&
      path.charAt(1) !== "\\";
  };

  // --- JSON login: POST {} and go where the answer says, or show its refusal ---
  var wireLogin = function () {
    var form = document.querySelector("form[data-json-inloggning]");
    if (!form) { return; }
    var showRefusal = function (text) {
      // A new element each time, so a repeated refusal is announced again.
      var old = document.getElementById("inloggningsfel");
      if (old) { old.parentNode.removeChild(old); }
      var alert = document.createElement("p");
      alert.setAttribute("role", "alert");
      alert.className = "meddelande fel";
      alert.id = "inloggningsfel";
      alert.textContent = text;
      var heading = form.closest("section").querySelector("h1");
      heading.parentNode.insertBefore(alert, heading.nextSibling);
    };
    var busy = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (busy) { return; }
      busy = true;
      fetch(form.getAttribute("data-json-inloggning"), {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "Accept": "application/json" },
        body: "{}"
      }).then(function (response) {
        return response.json().then(function (answer) {
          if (response.ok && answer && isLocalPath(answer.adress)) {
            window.location.assign(answer.adress);
            return;
          }
          busy = false;
          showRefusal(answer && answer.fel ? answer.fel : "Inloggningen misslyckades. Försök igen.");
        });
      }).catch(function () {
        busy = false;
        showRefusal("Inloggningen misslyckades. Försök igen.");
      });
    });
  };

  // --- JSON search: POST {"q": …}; the answer is the results region's markup ---
  var wireSearch = function () {
    var form = document.querySelector("form[data-json-sok]");
    if (!form) { return; }
    var field = form.querySelector("input[name='q']");
    var region = document.getElementById(form.getAttribute("data-resultat"));
    var latest = 0;
    form.addEventListener("submit", function (event) {
      // Not the form's GET: the query must never reach a URL (history, logs, Referer).
      event.preventDefault();
      var asked = ++latest;
      fetch(form.getAttribute("data-json-sok"), {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "Accept": "text/html" },
        body: JSON.stringify({ q: field.value })
      }).then(function (response) {
        if (response.status === 401) { return loggedOut(response); }
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.text().then(function (markup) {
          if (asked !== latest) { return; } // an older search answered late
          region.innerHTML = markup; // the server's own escaped template
          wireRows(region);
        });
      }).catch(function () {
        if (asked !== latest) { return; }
        region.innerHTML = "";
        var alert = document.createElement("p");
        alert.setAttribute("role", "alert");
        alert.className = "meddelande fel";
        alert.textContent = "Sökningen misslyckades. Försök igen.";
        region.appendChild(alert);
      });
    });
  };
  // --- a modal dialog (WAI-ARIA dialog pattern): Escape is Avbryt, Tab stays inside ---
  // The dialog is a page of its own: the server puts the focus on its first element
  // (autofocus), and Avbryt's answer puts it back on the button that opened it.
  var tabbable = function (element) {
    if (element.tabIndex < 0 || element.matches(":disabled") || element.closest("[hidden]") ||
        element.closest("[inert]") || !element.getClientRects().length) {
      return false;
    }
    if (element.type === "radio" && !element.checked) {
      // A radio group is one tab stop: its checked radio, or its first when none is.
      var group = element.form ? element.form.elements.namedItem(element.name) : null;
      var radios = group && group.length !== undefined ? Array.prototype.slice.call(group) : [element];
      var checked = radios.some(function (radio) { return radio.checked; });
      return !checked && radios[0] === element;
    }
    return true;
  };
  var FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";
  var wireDialog = function () {
    // Unquoted selectors: the pages' own markup is what tests look for in the page text.
    var dialog = document.querySelector("[aria-modal=true]");
    if (!dialog || dialog.getAttribute("role") !== "dialog") { return; }
    var stops = function () {
      return Array.prototype.filter.call(dialog.querySelectorAll(FOCUSABLE), tabbable);
    };
    document.addEventListener("keydown", function (event) {
      if (event.defaultPrevented || event.isComposing) { return; }
      if (event.key === "Escape") {
        var cancel = dialog.querySelector("button[name=atgard][value=avbryt]");
        if (cancel) {
          event.preventDefault();
          cancel.click();
        }
      } else if (event.key === "Tab" && !event.altKey && !event.ctrlKey && !event.metaKey) {
        var list = stops();
        var active = document.activeElement;
        var inside = dialog.contains(active);
        if (!list.length) {
          event.preventDefault();
          return;
        }
        // At either end (or from outside the dialog) round to the other end.
        if (event.shiftKey && (!inside || active === list[0])) {
          event.preventDefault();
          list[list.length - 1].focus();
        } else if (!event.shiftKey && (!inside || active === list[list.length - 1])) {
          event.preventDefault();
          list[0].focus();
        }
      }
    });
  };

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

    wireRows(document);
    wireLogin();
    wireSearch();
    wireDialog();
  });

  // --- inactivity: 45 minutes without a click or key press logs out ---
  if (root.getAttribute("data-inloggad") !== "ja") { return; }
  var limit = Number(root.getAttribute("data-inaktivitet-ms"));
  var beatEvery = Number(root.getAttribute("data-aktivitet-ms"));
  var activityUrl = root.getAttribute("data-aktivitet-url");
  var lastBeat = Date.now(); // loading this page was activity on the server already
  var timer = setTimeout(logOut, limit);

  var heartbeat = function () {
    fetch(activityUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (response.status === 401) { return loggedOut(response); }
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
