// GOV.UK Frontend's body-class snippet, as a file so the Content-Security-Policy needs no
// inline script. Loaded (blocking) first thing in <body>, so styles for JavaScript apply
// before the page is painted.
document.body.className +=
  " js-enabled" +
  ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
