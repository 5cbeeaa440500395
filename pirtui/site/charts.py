"""Charts for the trends page, drawn at build time as inline SVG: no script, no request, printable.

Colours come from the site's stylesheet through classes (`bar`, `axis`, `label`), so a chart follows
the reader's dark or light scheme; each chart has a `<title>` and the page gives its numbers in a
table beside it, for screen readers and for anyone who wants the figures.
"""

from __future__ import annotations

from html import escape

WIDTH = 640
HEIGHT = 220
LEFT, RIGHT, TOP, BOTTOM = 56, 8, 12, 48


def bar_chart(title: str, labels: list[str], values: list[float | None], unit: str = "") -> str:
    """A bar chart of one value per label (None: no bar), its y axis from 0 to the largest value."""
    known = [v for v in values if v is not None]
    top = _nice_ceiling(max(known) if known else 1.0)
    count = max(len(labels), 1)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    step = plot_w / count
    bar_w = min(max(step * 0.75, 1.0), 48.0)
    every = max(1, round(count / 12))  # at most about 12 labels under the axis
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    for fraction in (0, 0.5, 1):
        y = TOP + plot_h * (1 - fraction)
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(f'<text class="label" x="{LEFT - 4}" y="{y + 4:.1f}" text-anchor="end">{_short(top * fraction)}{escape(unit)}</text>')
    for i, (label, value) in enumerate(zip(labels, values)):
        x = LEFT + i * step + (step - bar_w) / 2
        if value is not None and value > 0:
            h = plot_h * value / top
            parts.append(
                f'<rect class="bar" x="{x:.1f}" y="{TOP + plot_h - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}">'
                f"<title>{escape(label)}: {_short(value)}{escape(unit)}</title></rect>"
            )
        if i % every == 0:
            cx = LEFT + i * step + step / 2
            parts.append(
                f'<text class="label" x="{cx:.1f}" y="{HEIGHT - BOTTOM + 14}" text-anchor="end" '
                f'transform="rotate(-40 {cx:.1f} {HEIGHT - BOTTOM + 14})">{escape(label)}</text>'
            )
    parts.append(f'<line class="axis" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{TOP + plot_h}" y2="{TOP + plot_h}"/>')
    parts.append("</svg>")
    return "".join(parts)


def _nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 x 10^n at or above the value: round numbers on the axis."""
    if value <= 0:
        return 1.0
    scale = 1.0
    while scale * 10 <= value:
        scale *= 10
    while scale > value:
        scale /= 10
    for factor in (1, 2, 2.5, 5, 10):
        if scale * factor >= value:
            return scale * factor
    return scale * 10


def _short(value: float) -> str:
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"
