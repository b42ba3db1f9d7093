"""Checking a page with axe-core against WCAG 2.1 AA, as every browser test does."""

from pathlib import Path

AXE = Path(__file__).parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def violations(page) -> list[str]:
    # Evaluated by the browser's debugging protocol rather than added as a <script> element,
    # which the page's Content-Security-Policy would block.
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "() => axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]
