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

  // Leave empty fields, and fields at their default (data-default), out of the URL,
  // so a pushed URL holds only the filters in use.
  function isUnused(key, values) {
    var field = document.querySelector("[name='" + CSS.escape(key) + "'][data-default]");
    var fallback = field ? field.getAttribute("data-default") : null;
    return values.every(function (v) { return v === "" || v === fallback; });
  }
  document.addEventListener("htmx:configRequest", function (event) {
    var form = event.detail.formData;
    if (!form || typeof form.keys !== "function") { return; }
    Array.from(new Set(form.keys())).forEach(function (key) {
      if (isUnused(key, form.getAll(key))) { form.delete(key); }
    });
  });

  document.addEventListener("DOMContentLoaded", function () { localiseDates(document); });
  document.addEventListener("htmx:afterSettle", function (event) {
    localiseDates(event.target);
    // Tell screen-reader users what the swap changed: the new number of results.
    var status = document.getElementById("results-status");
    var total = document.getElementById("total");
    if (status && total) { status.textContent = total.textContent + " found"; }
  });
})();
