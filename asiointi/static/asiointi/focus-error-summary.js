// Progressive enhancement: move the focus to the error summary, so that a screen reader reads it
// first. A static file rather than an inline script: the Content-Security-Policy allows no inline
// script (docs/operating.md).
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
})();
