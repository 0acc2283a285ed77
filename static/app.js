// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // Show dates in the reader's own locale and time zone; the exact UTC timestamp stays in title.
  var format = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", year: "numeric" });
  function localiseDates(root) {
    root.querySelectorAll("time.date[datetime]").forEach(function (el) {
      var when = new Date(el.getAttribute("datetime"));
      if (!isNaN(when)) { el.textContent = format.format(when); }
    });
  }

  // Leave empty form fields out of the URL, so a pushed URL holds only the filters in use.
  document.addEventListener("htmx:configRequest", function (event) {
    var params = event.detail.parameters;
    var form = event.detail.formData;
    if (form && typeof form.keys === "function") {
      Array.from(new Set(form.keys())).forEach(function (key) {
        if (form.getAll(key).every(function (v) { return v === ""; })) { form.delete(key); }
      });
    } else if (params) {
      Object.keys(params).forEach(function (key) { if (params[key] === "") { delete params[key]; } });
    }
  });

  document.addEventListener("DOMContentLoaded", function () { localiseDates(document); });
  document.addEventListener("htmx:afterSettle", function (event) { localiseDates(event.target); });
})();
