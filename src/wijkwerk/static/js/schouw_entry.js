/* Schouw entry (round_entry.html): after htmx saved a plot, move on. The server answered the
   plot's card body with data-schouw-result ("saved" or "error") and data-next (the id of the next
   open plot, or "entry-next" when the buurt is done); the result itself is already next to the
   buttons, in the card's live region, and the counters are updated out of band.
   Saved: scroll to the next open plot (the card's scroll margin keeps the result of the plot just
   saved in view above it) and put the focus on its heading. Refused: focus the message; what was
   entered is still in the form. A failed request (no network, logged out) says so next to the
   buttons and swaps nothing, so nothing entered is lost. Without JavaScript the form posts and the
   server does the same by reloading the page at the right plot. */
(function () {
  "use strict";
  var list = document.querySelector(".plot-list");
  if (!list || !document.body.addEventListener) { return; }

  function feedbackOf(elt) {
    var card = elt && elt.closest ? elt.closest(".plot-card") : null;
    return card ? card.querySelector(".plot-card__feedback") : null;
  }

  function say(elt, text) {
    var box = feedbackOf(elt);
    if (!box) { return; }
    box.innerHTML = "";
    var p = document.createElement("p");
    p.className = "message message--error";
    p.textContent = text;
    box.appendChild(p);
    box.focus({ preventScroll: true });
    box.scrollIntoView({ block: "nearest" });
  }

  function moveTo(id) {
    var target = id && document.getElementById(id);
    if (!target) { return; }
    target.scrollIntoView({ block: "start" });
    var focus = target.querySelector("h2[tabindex]") || target;
    focus.focus({ preventScroll: true });
  }

  document.body.addEventListener("htmx:beforeSwap", function (evt) {
    // Only a card body may land in a card: a login page or anything else after a redirect may not.
    if (!list.contains(evt.detail.target)) { return; }
    var text = evt.detail.xhr && evt.detail.xhr.responseText || "";
    if (evt.detail.xhr.status >= 200 && evt.detail.xhr.status < 300 && text.indexOf("data-schouw-result") === -1) {
      evt.detail.shouldSwap = false;
      say(evt.detail.target, list.dataset.loggedOut);
    } else if (evt.detail.xhr.status >= 400) {
      evt.detail.shouldSwap = false;
      say(evt.detail.target, list.dataset.sendError);
    }
  });

  document.body.addEventListener("htmx:sendError", function (evt) {
    say(evt.detail.elt, list.dataset.sendError);
  });

  document.body.addEventListener("htmx:afterSettle", function () {
    var body = list.querySelector("[data-schouw-result]");
    if (!body) { return; }
    var result = body.getAttribute("data-schouw-result");
    var next = body.getAttribute("data-next");
    body.removeAttribute("data-schouw-result");
    if (result === "error") {
      var box = feedbackOf(body);
      if (box) {
        box.focus({ preventScroll: true });
        box.scrollIntoView({ block: "center" });
      }
      return;
    }
    moveTo(next);
  });
})();
