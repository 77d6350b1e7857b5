// Installed in every page of the browser tests before the page's own scripts (an init script,
// which the page's Content-Security-Policy does not restrict): reports each violation of the
// policy to the test through the binding that tests/browser/conftest.py exposes.
window.addEventListener(
  "securitypolicyviolation",
  function (event) {
    window.__asiointiCspViolation({
      page: document.location.href,
      directive: event.effectiveDirective,
      blocked: event.blockedURI,
      source: event.sourceFile,
      line: event.lineNumber,
      sample: event.sample,
    });
  },
  true
);
