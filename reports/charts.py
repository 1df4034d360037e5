"""Server-side SVG charts: plain markup, no JavaScript, nothing loaded from elsewhere.

Labels are escaped here; the result is marked safe for the template. Colours come from
CSS classes in ``static/css/reports.css`` (no ``style`` attributes: strict CSP).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR_HEIGHT = 18
LABEL_HEIGHT = 19
GAP = 8
# The label sits above its bar, so the chart stays narrow and its text readable when a
# phone shrinks it to 375 px (a 720 px chart with labels beside the bars shrank to 6 px text).
WIDTH = 420
VALUE_WIDTH = 110
# Presentation attributes (not ``style``), so WeasyPrint's SVG renderer sees them too.
COLOURS = ("#2c6fbb", "#3d8f6a", "#b0732c", "#7a4ea3")
TEXT = 'font-family="DejaVu Sans, sans-serif" font-size="15" fill="#222"'


def bar_chart(
    title: str, bars: Sequence[tuple[str, int | Decimal]], *, unit: str = ""
) -> SafeString:
    """Horizontal bars, one per (label, value); negative values are drawn as zero.

    The ``<title>`` and ``aria-label`` carry the title and every label with its value, so a
    screen reader hears the same figures as the table beside the chart.
    """
    chart_width = WIDTH - VALUE_WIDTH
    biggest = max([max(Decimal(v), Decimal(0)) for _, v in bars] + [Decimal(1)])
    row = LABEL_HEIGHT + BAR_HEIGHT + GAP
    height = len(bars) * row + GAP
    shown = [
        f"{value:,.0f}".replace(",", "\u00a0") + (f" {unit}" if unit else "") for _, value in bars
    ]
    summary = "; ".join(f"{label}: {text}" for (label, _), text in zip(bars, shown, strict=True))
    described = escape(f"{title}. {summary}" if title else summary)
    parts = [
        f'<svg class="nsp-chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-label="{described}" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
        f'height="{height}">',
        f"<title>{described}</title>",
    ]
    for i, (label, value) in enumerate(bars):
        y = GAP + i * row
        length = int(chart_width * max(Decimal(value), Decimal(0)) / biggest)
        parts.append(
            f'<text class="nsp-chart-label" {TEXT} x="0" y="{y + 14}">'
            f"{escape(_short(label))}</text>"
        )
        parts.append(
            f'<rect class="nsp-chart-bar" fill="{COLOURS[i % 4]}" x="0" y="{y + LABEL_HEIGHT}" '
            f'width="{length}" height="{BAR_HEIGHT}"/>'
        )
        parts.append(
            f'<text class="nsp-chart-value" {TEXT} x="{length + 6}" y="{y + LABEL_HEIGHT + 14}">'
            f"{escape(shown[i])}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every interpolated text is escaped


def _short(label: str, limit: int = 48) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
