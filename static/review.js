// Keyboard review. The keys act on one topic of the claim, marked on the page (.active):
// arrows move the mark, a accepts, s/o/m/n set a stance, r rejects, x not a claim,
// u undoes the last decision, j/k move between claims, ? lists the keys.
(function () {
  "use strict";

  let activeTagId = null;

  function item() { return document.getElementById("review-item"); }

  function sections() {
    const box = item();
    return box ? Array.from(box.querySelectorAll(".review-tag")) : [];
  }

  function isPending(section) {
    const box = item();
    const mode = box.dataset.mode === "disputed" ? ".disputed" : ".status-suggested";
    const topic = box.dataset.topicId ? '[data-topic-id="' + box.dataset.topicId + '"]' : "";
    return !!section.querySelector(".tag-editor" + mode + topic);
  }

  function mark(section) {
    sections().forEach(function (s) {
      s.classList.toggle("active", s === section);
      if (s === section) s.setAttribute("aria-current", "true"); else s.removeAttribute("aria-current");
    });
    activeTagId = section ? section.dataset.tagId : null;
    if (section && section.scrollIntoView) section.scrollIntoView({ block: "nearest" });
  }

  // Keep the mark where the editor put it; otherwise on the first topic still to decide.
  function activeSection() {
    const all = sections();
    const kept = all.find(function (s) { return s.dataset.tagId === activeTagId; });
    const chosen = kept || all.find(isPending) || all[0] || null;
    if (!chosen || !chosen.classList.contains("active")) mark(chosen);
    return chosen;
  }

  function move(step) {
    const all = sections();
    if (!all.length) return false;
    const at = all.indexOf(activeSection());
    mark(all[(at + step + all.length) % all.length]);
    return true;
  }

  // After a decision, the mark moves on to the next topic still to decide.
  function advance() {
    const all = sections();
    const at = all.indexOf(activeSection());
    const rest = all.slice(at + 1).concat(all.slice(0, at + 1));
    const next = rest.find(isPending);
    if (next) mark(next);
    return !!next;
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
    if (key === "u") { if (press(document.getElementById("review-status"), "u")) event.preventDefault(); return; }
    const box = item();
    if (!box) return;
    let handled = false;
    if (key === "ArrowDown") handled = move(1);
    else if (key === "ArrowUp") handled = move(-1);
    else if (key.length === 1 && "asomnr".includes(key)) handled = press(activeSection(), key);
    else if (key.length === 1 && "xjk".includes(key)) handled = press(box, key);
    if (handled) event.preventDefault();
  });

  // After each saved decision: update the counter, and move on once this claim is done.
  document.addEventListener("claim-changed", function () {
    refreshStatus();
    if (!advance()) {
      if (!sections().some(isPending)) reloadItem();
    }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    const form = event.detail.elt;
    if (form && form.classList && form.classList.contains("not-a-claim-form") && event.detail.successful) {
      refreshStatus();
      reloadItem();
    }
  });
  document.addEventListener("htmx:load", function () { activeSection(); });
  document.addEventListener("DOMContentLoaded", function () {
    activeSection();
    const button = document.querySelector("[data-show-keys]");
    if (button) button.addEventListener("click", toggleKeys);
  });
})();
