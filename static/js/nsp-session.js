/* Session idle limit on the client (docs/SECURITY.md, "Sessions").
 *
 * - While the person works in this page (typing, clicking, scrolling) without sending
 *   anything, ping the server every 5 minutes so a long form does not time out.
 * - When the page has been left alone for longer than the idle limit, reload it: the
 *   server has ended the session by then, so personal data leaves the screen of an
 *   abandoned computer and the login page says why.
 *
 * Configured by data attributes on <body> (no inline script: the CSP forbids it).
 */
(function () {
  "use strict";
  var body = document.body;
  var idleMs = parseInt(body.dataset.nspIdleSeconds || "0", 10) * 1000;
  var url = body.dataset.nspKeepaliveUrl;
  if (!idleMs || !url) {
    return;
  }
  var PING_AFTER_MS = Math.min(5 * 60 * 1000, idleMs / 2);
  var lastActivity = Date.now();
  var lastPing = Date.now(); // loading this page was a request
  ["keydown", "input", "pointerdown", "wheel", "touchstart"].forEach(function (name) {
    document.addEventListener(name, function () { lastActivity = Date.now(); },
      { passive: true, capture: true });
  });
  document.addEventListener("htmx:afterRequest", function () { lastPing = Date.now(); });
  setInterval(function () {
    var now = Date.now();
    if (lastActivity > lastPing && now - lastPing > PING_AFTER_MS) {
      lastPing = now;
      fetch(url, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
        if (response.redirected || !response.ok) {
          window.location.reload();
        }
      });
    } else if (now - lastPing > idleMs + 5000) {
      window.location.reload();
    }
  }, Math.min(30 * 1000, PING_AFTER_MS));
})();
