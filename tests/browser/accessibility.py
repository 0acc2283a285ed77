"""Checks run on every page in the browser: axe-core's WCAG 2.1 A/AA rules, and no page
wider than the window (nothing scrolls sideways)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE_VERSION = "4.14.1"
AXE = Path(__file__).resolve().parent / "vendor" / f"axe-core-{AXE_VERSION}" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_RUN_AXE = """async (tags) => {
  const result = await axe.run(document, { runOnly: { type: "tag", values: tags } });
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.length,
    examples: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + ": "
      + n.failureSummary.split("\\n").slice(1, 2).join(" ").slice(0, 160)),
  }));
}"""


def axe_violations(page: Any) -> list[str]:
    """Run axe-core on the page as it is now; return one line per violated rule."""
    # Evaluated over the DevTools protocol, so the page's content security policy,
    # which refuses injected scripts, does not stop it.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate(_RUN_AXE, WCAG_21_AA)
    return [
        f"{v['id']} ({v['impact']}, {v['nodes']} elements): {v['help']}; e.g. "
        + " || ".join(v["examples"])
        for v in found
    ]


def sideways_overflow(page: Any) -> str | None:
    """Return what sticks out past the window's right edge, or None when nothing does."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          if (document.documentElement.scrollWidth <= width) return null;
          const wide = Array.from(document.querySelectorAll("body *"))
            .filter((e) => e.getBoundingClientRect().right > width + 1)
            .filter((e) => !e.closest("[hidden], dialog:not([open])"))
            .slice(0, 3)
            .map((e) => {
              const cls = typeof e.className === "string" && e.className
                ? "." + e.className.split(" ").join(".") : "";
              const id = e.id ? "#" + e.id : "";
              return e.tagName.toLowerCase() + id + cls
                + " right=" + Math.round(e.getBoundingClientRect().right);
            });
          return "page is " + document.documentElement.scrollWidth + " px wide in " + width
                 + " px: " + wide.join(", ");
        }"""
    )
