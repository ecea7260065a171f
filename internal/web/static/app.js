// aims works without this script; it only adds small conveniences.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // One-time secrets (API tokens, invitation links): select on focus so they
  // can be copied at once.
  document.querySelectorAll("input.copy").forEach(function (el) {
    el.addEventListener("focus", function () { el.select(); });
  });
  // Filters apply as soon as a choice changes.
  document.querySelectorAll("form.filters select").forEach(function (el) {
    el.addEventListener("change", function () { el.form.requestSubmit(); });
  });
});
