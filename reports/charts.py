"""Server-side SVG charts: plain markup, no JavaScript, nothing loaded from elsewhere.

Labels are escaped here; the result is marked safe for the template. Colours come from
CSS classes in ``static/css/reports.css`` (no ``style`` attributes: strict CSP).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR_HEIGHT = 22
GAP = 6
LABEL_WIDTH = 300
WIDTH = 720
# Presentation attributes (not ``style``), so WeasyPrint's SVG renderer sees them too.
COLOURS = ("#2c6fbb", "#3d8f6a", "#b0732c", "#7a4ea3")
TEXT = 'font-family="DejaVu Sans, sans-serif" font-size="12" fill="#222"'


def bar_chart(
    title: str, bars: Sequence[tuple[str, int | Decimal]], *, unit: str = ""
) -> SafeString:
    """Horizontal bars, one per (label, value); negative values are drawn as zero."""
    chart_width = WIDTH - LABEL_WIDTH - 90
    biggest = max([max(Decimal(v), Decimal(0)) for _, v in bars] + [Decimal(1)])
    height = len(bars) * (BAR_HEIGHT + GAP) + GAP
    parts = [
        f'<svg class="nsp-chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value) in enumerate(bars):
        y = GAP + i * (BAR_HEIGHT + GAP)
        length = int(chart_width * max(Decimal(value), Decimal(0)) / biggest)
        shown = f"{value:,.0f}".replace(",", "\u00a0") + (f" {unit}" if unit else "")
        parts.append(
            f'<text class="nsp-chart-label" {TEXT} x="{LABEL_WIDTH - 8}" y="{y + 15}" '
            f'text-anchor="end">{escape(_short(label))}</text>'
        )
        parts.append(
            f'<rect class="nsp-chart-bar" fill="{COLOURS[i % 4]}" x="{LABEL_WIDTH}" y="{y}" '
            f'width="{length}" height="{BAR_HEIGHT}"/>'
        )
        parts.append(
            f'<text class="nsp-chart-value" {TEXT} x="{LABEL_WIDTH + length + 6}" y="{y + 15}">'
            f"{escape(shown)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every interpolated text is escaped


def _short(label: str, limit: int = 44) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
