// Keyboard review: s/o/m/n confirm a stance, r rejects, x not a claim, j/k move, ? keys.
(function () {
  "use strict";

  function item() { return document.getElementById("review-item"); }

  function pendingEditors() {
    const box = item();
    if (!box) return [];
    const mode = box.dataset.mode === "disputed" ? ".disputed" : ".status-suggested";
    const topic = box.dataset.topicId ? '[data-topic-id="' + box.dataset.topicId + '"]' : "";
    return Array.from(box.querySelectorAll(".tag-editor" + mode + topic));
  }

  function activeEditor() {
    const pending = pendingEditors();
    document.querySelectorAll(".tag-editor.active").forEach(function (e) { e.classList.remove("active"); });
    if (pending.length) pending[0].classList.add("active");
    return pending[0] || null;
  }

  function press(scope, key) {
    const target = scope && scope.querySelector('[data-key="' + key + '"]');
    if (!target) return false;
    // htmx wires up swapped-in content only when it settles; a fast key must not beat it
    // and send a plain form post instead. Processing twice is harmless.
    window.htmx.process(target.closest("form") || target);
    target.click();
    return true;
  }

  function reloadItem() {
    const box = item();
    if (box && box.dataset.reloadUrl) {
      window.htmx.ajax("GET", box.dataset.reloadUrl, { target: "#review-item", swap: "outerHTML" });
    }
  }

  function refreshStatus() {
    const box = item();
    if (box) window.htmx.ajax("GET", box.dataset.statusUrl, { target: "#review-status", swap: "outerHTML" });
  }

  function toggleKeys() {
    const dialog = document.getElementById("review-keys");
    if (dialog.open) dialog.close(); else dialog.showModal();
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const tag = event.target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return;
    const key = event.key;
    if (key === "?") { toggleKeys(); event.preventDefault(); return; }
    const box = item();
    if (!box) return;
    const handled = "somnr".includes(key) ? press(activeEditor(), key)
      : "xjk".includes(key) ? press(box, key) : false;
    if (handled) event.preventDefault();
  });

  // After each saved decision: update the counter, and move on once this claim is done.
  document.addEventListener("claim-changed", function () {
    refreshStatus();
    if (!pendingEditors().length) reloadItem();
    else activeEditor();
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    const form = event.detail.elt;
    if (form && form.classList && form.classList.contains("not-a-claim-form") && event.detail.successful) {
      refreshStatus();
      reloadItem();
    }
  });
  document.addEventListener("htmx:load", function () { activeEditor(); });
  document.addEventListener("DOMContentLoaded", function () {
    activeEditor();
    const button = document.querySelector("[data-show-keys]");
    if (button) button.addEventListener("click", toggleKeys);
  });
})();
