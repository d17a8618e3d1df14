"""Server-side SVG charts: horizontal bars, columns and a tile-grid map of Indonesia.

Every chart is a ``SafeString`` holding one ``<svg>`` element that works without JavaScript,
without any external request and inside a WeasyPrint PDF. The site's Content-Security-Policy
forbids inline styles, so the pictures use SVG presentation attributes only (plus CSS classes
that ``static/css/charts.css`` may refine). Every piece of text is escaped.

Values are ``int``/``float``/``Decimal`` or ``None`` (suppressed: a count under 5 hidden to
protect minors). Callers also pass the display string, already formatted for the active
language; the number only drives the geometry.
"""

import math
import re
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext

from portal.disclosure import SMALL_COUNT

FONT = "system-ui, 'DejaVu Sans', sans-serif"
TEXT = "#212529"  # 15:1 on white
MUTED = "#495057"  # 8:1 on white, for axis labels
GRID = "#dee2e6"
AXIS = "#6c757d"
BAR = "#0d6efd"  # 4.5:1 on white
SERIES_COLOURS = ("#0d6efd", "#c2410c", "#0f766e")
# Light to dark sequential blues; the text colour on each is chosen by contrast.
BLUES = ("#deebf7", "#9ecae1", "#6baed6", "#2171b5", "#08306b")
ZERO_FILL = "#e9ecef"
HIDDEN_FILL = "#ced4da"
EMPTY_FILL = "#f8f9fa"

# BPS province code: (row, column, abbreviation), placed roughly where the province lies.
TILE_GRID = {
    "11": (0, 0, "ACEH"), "65": (0, 6, "KLU"), "71": (0, 9, "SLU"), "82": (0, 11, "MLU"),
    "12": (1, 1, "SMU"), "14": (1, 2, "RIAU"), "21": (1, 3, "KPR"), "61": (1, 5, "KLB"),
    "64": (1, 6, "KLT"), "72": (1, 8, "SLT"), "75": (1, 9, "GOR"), "96": (1, 12, "PBD"),
    "92": (1, 13, "PAB"), "91": (1, 15, "PAP"),
    "13": (2, 1, "SMB"), "15": (2, 2, "JMB"), "19": (2, 3, "BBL"), "62": (2, 5, "KLTG"),
    "63": (2, 6, "KLS"), "76": (2, 7, "SLB"), "73": (2, 8, "SLS"), "74": (2, 9, "SLTG"),
    "81": (2, 11, "MAL"), "94": (2, 13, "PPT"), "95": (2, 14, "PPP"),
    "17": (3, 1, "BKL"), "16": (3, 2, "SMS"), "18": (3, 3, "LPG"), "93": (3, 14, "PPS"),
    "36": (4, 2, "BTN"), "31": (4, 3, "JKT"), "32": (4, 4, "JBR"), "33": (4, 5, "JTG"),
    "35": (4, 6, "JTM"), "51": (4, 7, "BALI"), "52": (4, 8, "NTB"), "53": (4, 9, "NTT"),
    "34": (5, 5, "DIY"),
}  # fmt: skip


# -- helpers -------------------------------------------------------------------------------


def _ids(id_prefix):
    """Slugify ``id_prefix`` to [a-z0-9-] and return the title and desc ids."""
    slug = re.sub(r"[^a-z0-9-]", "-", slugify(str(id_prefix)).lower()).strip("-")
    if not slug:
        raise ValueError(f"id_prefix {id_prefix!r} has no usable characters")
    if slug[0].isdigit():
        slug = f"c-{slug}"
    return f"{slug}-title", f"{slug}-desc"


def _n(x):
    """A coordinate as compact, locale-independent text."""
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _luminance(colour):
    """WCAG relative luminance of a ``#rrggbb`` colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    """WCAG contrast ratio between two ``#rrggbb`` colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_on(fill):
    """The dark or white text colour with the better contrast on ``fill``."""
    return TEXT if contrast(TEXT, fill) >= contrast("#ffffff", fill) else "#ffffff"


def _scale(values):
    """A nice maximum (1, 2 or 5 x 10^k) and its 4-5 gridline ticks, starting at 0."""
    known = [float(v) for v in values if v is not None]
    top = max(known, default=0)
    if top <= 0:
        top = 1
    integral = all(v == int(v) for v in known)
    exp = 10 ** math.floor(math.log10(top))
    nice = next(m * exp for m in (1, 2, 5, 10) if m * exp >= top)
    if integral and nice < 5:
        nice = 5
    parts = 4 if str(nice / exp).startswith("2") else 5
    ticks = [nice * i / parts for i in range(parts + 1)]
    return nice, [int(t) if t == int(t) else round(t, 6) for t in ticks]


def _truncate(text, limit):
    """Cut ``text`` to about ``limit`` average characters (capitals count wider) with "…"."""
    text, used = str(text), 0.0
    for i, char in enumerate(text):
        used += 1.7 if char in "MW" else 1.3 if char.isupper() or char in "mw" else 1
        used -= 0.5 if char in "ijl.,:;' " else 0
        if used > limit:
            return text[: max(i - 1, 1)].rstrip() + "…"
    return text


def _describe(items):
    """``label: display; ...`` for the ``<desc>``: what the table says, a value not shown in its
    words ("fewer than 5", portal.disclosure)."""
    return "; ".join(f"{label}: {d}" for label, _v, d in items)


def _attr(value):
    return _n(value) if isinstance(value, float) else value


def _el(name, *content, **attrs):
    """An escaped SVG element; ``class_`` and ``text_anchor`` become ``class``, ``text-anchor``.

    Attributes set to ``None`` are left out; ``content`` pieces are escaped unless safe.
    """
    attributes = format_html_join(
        "",
        ' {}="{}"',
        ((k.rstrip("_").replace("_", "-"), _attr(v)) for k, v in attrs.items() if v is not None),
    )
    if not content:
        return format_html("<{}{}/>", name, attributes)
    inner = mark_safe("".join(conditional_escape(c) for c in content))
    return format_html("<{}{}>{}</{}>", name, attributes, inner, name)


def _text(x, y, content, *, anchor=None, fill=None, size=None, **attrs):
    return _el("text", content, x=x, y=y, text_anchor=anchor, fill=fill, font_size=size, **attrs)


def _rect(css, x, y, width, height, fill, **attrs):
    return _el("rect", class_=css, x=x, y=y, width=width, height=height, fill=fill, **attrs)


def _line(css, x1, y1, x2, y2, stroke):
    return _el("line", class_=css, x1=x1, y1=y1, x2=x2, y2=y2, stroke=stroke)


def _svg(kind, width, height, ids, title, desc, parts, role="img"):
    """The root element shared by every chart.

    A picture is named by its title and desc; a group of links by its title, described by desc.
    """
    title_id, desc_id = ids
    aria = {"aria_labelledby": f"{title_id} {desc_id}"}
    if role != "img":
        aria = {"aria_labelledby": title_id, "aria_describedby": desc_id}
    return _el(
        "svg",
        _el("title", title, id=title_id),
        _el("desc", desc, id=desc_id),
        *parts,
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {_n(width)} {_n(height)}",
        width="100%",
        class_=f"chart {kind}",
        role=role,
        **aria,
        font_family=FONT,
        font_size=12,
        fill=TEXT,
    )


# -- horizontal bars -----------------------------------------------------------------------


def _grid(nice, ticks, place, *, anchor):
    """Gridlines and their tick labels; ``place(fraction)`` gives a gridline's ends
    ``(x1, y1, x2, y2)`` and the tick label's position."""
    parts = []
    for t in ticks:
        line, (x, y) = place(t / nice)
        parts.append(_line("chart-grid", *line, GRID))
        parts.append(
            _text(x, y, number_format(t, force_grouping=True), anchor=anchor, fill=MUTED, size=11)
        )
    return parts


def bar_chart(*, id_prefix, title, rows, max_rows=None) -> SafeString:
    """Horizontal bars for categories with long labels; ``rows`` is ``(label, value, display)``.

    Only the first ``max_rows`` rows are drawn (the description says so). Each row is a
    ``<g class="chart-row">`` whose ``<title>`` holds the full label.
    """
    ids = _ids(id_prefix)
    rows = list(rows)
    shown = rows[:max_rows] if max_rows else rows
    width, label_w, right, row_h, top = 640, 220, 70, 28, 8
    x0, plot_w = label_w + 10, width - label_w - 10 - right
    height = top + max(len(shown), 1) * row_h + 28
    axis_y = height - 28
    nice, ticks = _scale(v for _, v, _ in shown)

    def place(f):
        x = x0 + plot_w * f
        return (x, top, x, axis_y), (x, axis_y + 18)

    parts = _grid(nice, ticks, place, anchor="middle")
    for i, (label, value, display) in enumerate(shown):
        y = top + i * row_h + row_h / 2 + 4  # text baseline
        length = plot_w * float(value) / nice if value and value > 0 else 0
        bar = _rect("chart-bar", x0, y - 13, length, row_h - 10, BAR) if length else ""
        parts.append(
            _el(
                "g",
                _el("title", label),
                _text(label_w, y, _truncate(label, 28), anchor="end"),
                bar,
                _text(x0 + length + 6, y, display or "0", class_="chart-value"),
                class_="chart-row",
            )
        )
    if not shown:
        parts.append(_text(x0 + plot_w / 2, top + 18, gettext("No data"), anchor="middle"))
    parts.append(_line("chart-axis", x0, top, x0, axis_y, AXIS))
    desc = _describe(shown) or gettext("No data")
    if len(shown) < len(rows):
        more = gettext("Showing the first %(shown)s of %(total)s.")
        desc += ". " + more % {"shown": len(shown), "total": len(rows)}
    return _svg("chart-bars", width, height, ids, title, desc, parts)


# -- vertical columns ----------------------------------------------------------------------


def column_chart(*, id_prefix, title, categories, series) -> SafeString:
    """Vertical columns over short categories (years); 1-3 series side by side with a legend.

    ``series`` is a list of ``(series_name, values, displays)`` aligned with ``categories``.
    Value labels turn vertical when the columns are too narrow for them.
    """
    ids = _ids(id_prefix)
    categories, series = list(categories), list(series)[: len(SERIES_COLOURS)]
    width, height, left, right, top, bottom = 640, 320, 56, 12, 40, 32
    plot_w, plot_h, axis_y = width - left - right, height - top - bottom, height - bottom
    nice, ticks = _scale(v for _, values, _ in series for v in values)

    def place(f):
        y = axis_y - plot_h * f
        return (left, y, width - right, y), (left - 6, y + 4)

    parts = _grid(nice, ticks, place, anchor="end")
    x = left
    for i, (name, _, _) in enumerate(series):  # legend, top left
        parts.append(_rect(f"chart-series-{i + 1}", x, 10, 12, 12, SERIES_COLOURS[i]))
        parts.append(_text(x + 16, 20, name, class_="chart-legend"))
        x += 16 + 7 * len(str(name)) + 24
    band = plot_w / max(len(categories), 1)
    col_w = band * 0.75 / max(len(series), 1)
    for c, category in enumerate(categories):
        bx = left + c * band
        parts.append(_text(bx + band / 2, axis_y + 18, category, anchor="middle"))
        for s, (_, values, displays) in enumerate(series):
            value, cx = values[c], bx + band * 0.125 + s * col_w
            h = plot_h * float(value) / nice if value and value > 0 else 0
            if h:
                css = f"chart-bar chart-series-{s + 1}"
                parts.append(_rect(css, cx + 1, axis_y - h, col_w - 2, h, SERIES_COLOURS[s]))
            lx, ly, narrow = cx + col_w / 2, axis_y - h - 4, col_w < 22
            parts.append(
                _text(
                    lx,
                    ly,
                    displays[c] or "0",
                    anchor="start" if narrow else "middle",
                    size=10,
                    class_="chart-value",
                    transform=f"rotate(-90 {_n(lx)} {_n(ly)})" if narrow else None,
                )
            )
    if not categories or not series:
        parts.append(
            _text(left + plot_w / 2, top + plot_h / 2, gettext("No data"), anchor="middle")
        )
    parts.append(_line("chart-axis", left, axis_y, width - right, axis_y, AXIS))
    desc = ". ".join(
        f"{name}: {_describe(zip(categories, vs, ds, strict=True))}"
        for name, vs, ds in series
        if categories
    )
    return _svg("chart-columns", width, height, ids, title, desc or gettext("No data"), parts)


# -- tile-grid map -------------------------------------------------------------------------


@dataclass(frozen=True)
class TileMap:
    """The map's ``svg`` and its ``legend`` as ``(fill_colour, label)`` pairs for HTML.

    Renders as its SVG in templates (``{{ map }}``); ``map["svg"]`` works too.
    """

    svg: SafeString
    legend: list = field(default_factory=list)

    def __getitem__(self, key):
        return getattr(self, key)

    def __html__(self):
        return self.svg

    def __str__(self):
        return self.svg


def _buckets(values):
    """Up to five ``(low, high)`` quantile buckets over the positive values, in order."""
    values = sorted(float(v) for v in values)
    count = min(len(BLUES), len(set(values)))
    highs = sorted({values[math.ceil(k * len(values) / count) - 1] for k in range(1, count + 1)})
    lows = [min(v for v in values if v > low) for low in [-math.inf, *highs[:-1]]]
    return list(zip(lows, highs, strict=True))


def _label(low, high):
    def fmt(v):
        return number_format(int(v) if v == int(v) else v, force_grouping=True)

    return fmt(high) if low == high else f"{fmt(low)}–{fmt(high)}"


def tile_map(*, id_prefix, title, cells, measure_label, legend_title) -> TileMap:
    """A tile-grid map of Indonesia's 38 provinces, coloured in up to five sequential buckets.

    ``cells`` are dicts with ``code``, ``name``, ``value`` (``None`` when suppressed),
    ``display`` and ``url``. Each province with data is a link; provinces missing from
    ``cells`` show "no data" without a link; unknown codes are ignored.
    """
    ids = _ids(id_prefix)
    by_code = {str(c["code"]): c for c in cells if str(c["code"]) in TILE_GRID}
    positive = [c["value"] for c in by_code.values() if c["value"] is not None and c["value"] > 0]
    buckets = _buckets(positive) if positive else []
    step = (len(BLUES) - 1) / max(len(buckets) - 1, 1)
    colours = [BLUES[round(i * step) if len(buckets) > 1 else 2] for i in range(len(buckets))]
    legend = [
        (ZERO_FILL, number_format(0)),
        *((c, _label(*b)) for c, b in zip(colours, buckets, strict=True)),
    ]
    hidden = gettext("Hidden (fewer than %(n)s)") % {"n": SMALL_COUNT}
    legend += [(HIDDEN_FILL, hidden), (EMPTY_FILL, gettext("No data"))]

    def fill_of(cell):
        if cell is None:
            return EMPTY_FILL
        if cell["value"] is None:
            return HIDDEN_FILL
        if cell["value"] <= 0:
            return ZERO_FILL
        return next(
            c for c, (_, hi) in zip(colours, buckets, strict=True) if float(cell["value"]) <= hi
        )

    size, pitch, margin = 44, 48, 8
    parts = []
    for code, (row, col, abbr) in TILE_GRID.items():
        cell = by_code.get(code)
        x, y, fill = margin + col * pitch, margin + row * pitch, fill_of(cell)
        ink, dashes = text_on(fill), "3 2" if cell and cell["value"] is None else None
        tile = [
            _rect("tile", x, y, size, size, fill, stroke=AXIS, stroke_dasharray=dashes),
            _text(x + size / 2, y + 19, abbr, anchor="middle", fill=ink, font_weight="bold"),
            _text(
                x + size / 2, y + 35, cell["display"] if cell else "–", anchor="middle", fill=ink
            ),
        ]
        if cell:
            # Translators: a province tile's link text, e.g. "Bengkulu: 12 partners".
            label = gettext("%(name)s: %(display)s %(measure)s")
            label %= {"name": cell["name"], "display": cell["display"], "measure": measure_label}
            link = {"class_": "tile-link", "href": cell["url"], "aria_label": label}
            parts.append(_el("a", _el("title", label), *tile, **link))
        else:
            # The caller passes every province (the Province table has the names); a code left
            # out is named by its abbreviation.
            name = f"{TILE_GRID[code][2]}: {legend[-1][1]}"  # "No data"
            parts.append(_el("g", _el("title", name), *tile, class_="tile-empty"))
    y = margin + 6 * pitch + 12  # the legend, drawn for the PDF too
    parts.append(_text(margin, y + 4, legend_title, font_weight="bold"))
    for i, (colour, label) in enumerate(legend):
        lx, ly = margin + (i % 4) * 190, y + 14 + (i // 4) * 22
        parts.append(_rect("legend-swatch", lx, ly, 14, 14, colour, stroke=AXIS))
        parts.append(_text(lx + 20, ly + 12, label, class_="chart-legend"))
    height = y + 14 + math.ceil(len(legend) / 4) * 22 + 4
    known = sorted(by_code.values(), key=lambda c: (c["value"] is None, -float(c["value"] or 0)))
    desc = _describe((c["name"], c["value"], c["display"]) for c in known)
    if missing := len(TILE_GRID) - len(by_code):
        without = gettext("Provinces without data: %(count)s") % {"count": missing}
        desc = f"{desc}. {without}" if desc else without
    svg = _svg("tile-map", margin + 16 * pitch + 4, height, ids, title, desc, parts, role="group")
    return TileMap(svg=svg, legend=legend)
