/* Ask before an action that locks or closes something (issue 18, "forms that do not lose
 * work"): a submit button or form with data-nsp-confirm="…" asks that question first and
 * sends nothing when the person answers no. No inline script: the CSP forbids it.
 */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var text = (button && button.dataset.nspConfirm) || event.target.dataset.nspConfirm;
    if (text && !window.confirm(text)) {
      event.preventDefault();
    }
  }, true);
})();
