// Editing helpers: pick a claim's words with the mouse, keep the claim page in step.
(function () {
  "use strict";

  // Offsets count Unicode code points, as Python slices do (not UTF-16 units).
  function codePoints(text) { return Array.from(text).length; }

  function offsetWithin(container, node, offset) {
    const range = document.createRange();
    range.setStart(container, 0);
    range.setEnd(node, offset);
    return codePoints(range.toString());
  }

  function useSelection(form) {
    const source = form.querySelector("[data-span-source]");
    const selection = window.getSelection();
    if (!source || !selection || selection.rangeCount === 0 || selection.isCollapsed) return;
    const range = selection.getRangeAt(0);
    if (!source.contains(range.startContainer) || !source.contains(range.endContainer)) return;
    form.querySelector("[data-span-start]").value = offsetWithin(source, range.startContainer, range.startOffset);
    form.querySelector("[data-span-end]").value = offsetWithin(source, range.endContainer, range.endOffset);
  }

  function enhance(root) {
    root.querySelectorAll("[data-use-selection]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { useSelection(button.form); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:load", function (event) { enhance(event.target); });

  // A decision on the claim page changes its table and history: refresh that article.
  document.addEventListener("claim-changed", refreshClaimPage);
  function refreshClaimPage() {
    const page = document.querySelector(".claim-page");
    if (!page || !window.htmx) return;
    window.htmx.ajax("GET", window.location.pathname, { target: ".claim-page", select: ".claim-page", swap: "outerHTML" });
  }
})();
