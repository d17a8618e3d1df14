"""Server-side SVG charts: horizontal bars, columns and a tile-grid map of Indonesia.

Every chart works without JavaScript or any request, and in a WeasyPrint PDF. The CSP forbids
inline styles: SVG presentation attributes only, and classes for charts.css. Text is escaped.

An SVG scales with the box it is drawn in, its text too: a chart drawn 640 units wide shows
its 12-unit labels at 5 px on a phone. So bars and columns are drawn twice (``Chart``): a wide
drawing for a box at least ``WIDE`` CSS px wide, where a unit is at least a pixel, and a compact
one for narrower boxes, whose ``COMPACT_FONT`` text stays at least 12 px down to a box of
``COMPACT_MIN_BOX`` px (a 320 px phone); charts.css shows the one that fits its box. Labels
are placed by their estimated widths (``text_width``) and thinned so that none overlaps. The
map is drawn once, for a wide box; on a phone the page lists the provinces instead.

Values are ``int``/``float``/``Decimal`` or ``None`` (suppressed: a count under 5 hidden to
protect minors). Callers also pass the display string, already formatted for the active
language; the number only drives the geometry.
"""

import math
import re
import unicodedata
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

# The two drawings of a chart: (viewBox width, font size). charts.css shows the wide one in a
# box of at least WIDE px (container query), so a unit is at least a pixel there; the compact
# one below that, where its text is COMPACT_FONT * box / COMPACT >= 12 px from COMPACT_MIN_BOX.
WIDE, WIDE_FONT = 420, 12
COMPACT, COMPACT_FONT = 260, 13
COMPACT_MIN_BOX = 240
# The map is drawn for a box of at least MAP_MIN_BOX px (charts.css): its 44-unit tiles are then
# 44 px and its text 12 px; a narrower page lists the provinces instead.
MAP_MIN_BOX = 780

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


def text_width(text, size, *, bold=False):
    """A generous estimate of the width of ``text`` at ``size``, in the same units.

    The widths are DejaVu Sans's (the widest of the fonts the charts name, and the PDF's),
    rounded up, so that labels placed by them do not overlap in the narrower system fonts.
    Japanese and other wide characters take a full em.
    """
    em = 0.0
    for char in str(text):
        if unicodedata.east_asian_width(char) in "WF":
            em += 1.0
        elif char in "ijlI.,:;'|!()[] ":
            em += 0.4
        elif char in "mwMW…":
            em += 1.0
        elif char.isupper():
            em += 0.78
        elif char in "frt":
            em += 0.45
        else:  # lower case, digits, most signs
            em += 0.65
    return em * size * (1.08 if bold else 1)


def _fit(text, width, size):
    """``text`` cut with "…" to fit ``width`` at ``size``."""
    text = str(text)
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return (text.rstrip() or str(text)[:1]) + "…"


# Steps between thinned labels: regular ones read better than every 3rd or 7th.
NICE_STEPS = (1, 2, 5, 10, 20, 25, 50, 100)


def thin(count, pitch, widest, gap):
    """Which of ``count`` labels, evenly ``pitch`` apart and at most ``widest`` wide, to draw
    so that at least ``gap`` separates any two: every k-th from the first, for the smallest
    nice k that leaves the room, and always the last (the regular label just before it is
    dropped when it would touch it)."""
    if count <= 0:
        return []
    need = widest + gap
    step = next((k for k in NICE_STEPS if k * pitch >= need), count)
    keep = list(range(0, count, step))
    if keep[-1] != count - 1:
        if len(keep) > 1 and (count - 1 - keep[-1]) * pitch < need:
            keep.pop()
        keep.append(count - 1)
    return keep


def _describe(items):
    """``label: display; ...`` for the ``<desc>``: what the table says, a value not shown in its
    words ("fewer than 5", portal.disclosure)."""
    return "; ".join(f"{label}: {d}" for label, _v, d in items)


def _mark(value, display):
    """What a chart writes beside a bar or on a tile: the display, but "<5" for a count hidden
    as "fewer than 5", which the legend, the description and the table say in words."""
    if value is None and display == gettext("fewer than %(n)s") % {"n": SMALL_COUNT}:
        return f"<{SMALL_COUNT}"
    return display or "0"


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


def _svg(kind, width, height, ids, title, desc, parts, role="img", size=12):
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
        font_size=size,
        fill=TEXT,
    )


@dataclass(frozen=True)
class Chart:
    """A chart's two drawings; in a template ``{{ chart }}`` gives both in a ``chart-set`` box,
    and charts.css shows the one that fits it (the PDF hides the compact one)."""

    wide: SafeString
    compact: SafeString

    def __html__(self):
        return format_html('<div class="chart-set">{}{}</div>', self.wide, self.compact)

    def __str__(self):
        return self.__html__()


def _tick_labels(ticks):
    return [number_format(t, force_grouping=True) for t in ticks]


def _tick(x, y, label, anchor):
    """An axis label; the class lets the tests find the labels that must not overlap."""
    return _text(x, y, label, anchor=anchor, fill=MUTED, class_="chart-tick")


def _both(draw, id_prefix, *args):
    """A chart's wide and compact drawings, by ``draw(ids, *args, width, size, compact)``."""
    return Chart(
        wide=draw(_ids(id_prefix), *args, width=WIDE, size=WIDE_FONT, compact=False),
        compact=draw(
            _ids(f"{id_prefix}-compact"), *args, width=COMPACT, size=COMPACT_FONT, compact=True
        ),
    )


def _legend_flow(items, *, width, size, swatch, y0):
    """Legend entries ``(css, colour, label)`` flowed into rows inside ``width``: their swatches
    and labels, and the height they take below ``y0``."""
    parts, x, y, row_h = [], 0.0, y0, max(size, swatch) * 1.2 + 6
    for css, colour, label in items:
        label = _fit(label, width - swatch - 6, size)
        w = swatch + 6 + text_width(label, size)
        if x and x + w > width:
            x, y = 0.0, y + row_h
        middle = y + row_h / 2
        parts.append(_rect(css, x, middle - swatch / 2, swatch, swatch, colour, stroke=AXIS))
        parts.append(_text(x + swatch + 6, middle + size * 0.35, label))
        x += w + 18
    return parts, (y - y0 + row_h if parts else 0)


# -- horizontal bars -----------------------------------------------------------------------


def _bars(ids, title, desc, shown, *, width, size, compact):
    """One drawing of the bars: labels left of their bars, or (``compact``) above them."""
    nice, ticks = _scale(v for _, v, _ in shown)
    labels = _tick_labels(ticks)
    marks = [_mark(v, d) for _, v, d in shown]
    widest_mark = max((text_width(m, size) for m in marks), default=0)
    right = max(widest_mark + 8, text_width(labels[-1], size) / 2 + 2)
    if compact:
        x0 = text_width(labels[0], size) / 2 + 2
        label_w, row_h, bar_h, top = width - x0, size * 2 + 16, size, 4
    else:
        longest = max((text_width(label, size) for label, _, _ in shown), default=0)
        label_w = min(longest, width * 0.45)
        x0, row_h, bar_h, top = label_w + 10, size + 16, size + 6, 4
    plot_w = width - x0 - right
    axis_y = top + max(len(shown), 1) * row_h
    height = axis_y + size + 10

    parts = []
    widest_tick = max(text_width(label, size) for label in labels)
    keep = set(thin(len(ticks), plot_w / (len(ticks) - 1), widest_tick, size / 2))
    for i, (t, label) in enumerate(zip(ticks, labels, strict=True)):
        x = x0 + plot_w * t / nice
        parts.append(_line("chart-grid", x, top, x, axis_y, GRID))
        if i in keep:
            parts.append(_tick(x, axis_y + size + 6, label, "middle"))
    for i, ((label, value, _), mark) in enumerate(zip(shown, marks, strict=True)):
        row_top = top + i * row_h
        bar_y = row_top + (row_h - bar_h) / 2 if not compact else row_top + size + 8
        if compact:
            name = _text(x0, row_top + size + 2, _fit(label, label_w, size), class_="chart-label")
        else:
            name = _text(label_w, bar_y + bar_h / 2 + size * 0.35, _fit(label, label_w, size),
                         anchor="end", class_="chart-label")  # fmt: skip
        length = plot_w * float(value) / nice if value and value > 0 else 0
        bar = _rect("chart-bar", x0, bar_y, length, bar_h, BAR) if length else ""
        value_y = bar_y + bar_h / 2 + size * 0.35
        parts.append(
            _el(
                "g",
                _el("title", label),
                name,
                bar,
                _text(x0 + length + 6, value_y, mark, class_="chart-value"),
                class_="chart-row",
            )
        )
    if not shown:
        parts.append(_text(x0 + plot_w / 2, top + size + 4, gettext("No data"), anchor="middle"))
    parts.append(_line("chart-axis", x0, top, x0, axis_y, AXIS))
    kind = "chart-bars chart-compact" if compact else "chart-bars chart-wide"
    return _svg(kind, width, height, ids, title, desc, parts, size=size)


def bar_chart(*, id_prefix, title, rows, max_rows=None) -> Chart:
    """Horizontal bars for categories with long labels; ``rows`` is ``(label, value, display)``.

    Only the first ``max_rows`` rows are drawn (the description says so). Each row is a
    ``<g class="chart-row">`` whose ``<title>`` holds the full label. The compact drawing puts
    each label above its bar, where it has the whole width.
    """
    rows = list(rows)
    shown = rows[:max_rows] if max_rows else rows
    desc = _describe(shown) or gettext("No data")
    if len(shown) < len(rows):
        more = gettext("Showing the first %(shown)s of %(total)s.")
        desc += ". " + more % {"shown": len(shown), "total": len(rows)}
    return _both(_bars, id_prefix, title, desc, shown)


# -- vertical columns ----------------------------------------------------------------------


def _value_labels(col_w, marks, size):
    """How the value labels above the columns fit: "across" when the widest fits a column,
    "up" (turned a quarter) when a line of text does, else "none": the table and the
    description have the values."""
    widest = max((text_width(m, size) for ms in marks for m in ms), default=0)
    if widest + 2 <= col_w:
        return "across", size + 4
    if size + 2 <= col_w:
        return "up", widest + 6
    return "none", 0


def _columns(ids, title, desc, categories, series, *, width, size, compact):
    """One drawing of the columns: the year labels thinned to what the width holds."""
    nice, ticks = _scale(v for _, values, _ in series for v in values)
    labels = _tick_labels(ticks)
    items = [(f"chart-series-{i + 1}", SERIES_COLOURS[i], s[0]) for i, s in enumerate(series)]
    legend, legend_h = _legend_flow(items, width=width, size=size, swatch=12, y0=0)
    left = max(text_width(label, size) for label in labels) + 10
    count = max(len(categories), 1)
    widest_category = max((text_width(c, size) for c in categories), default=0)
    # The last label is centred on its column and may reach past the plot's right edge.
    right = max(8.0, widest_category / 2 - (width - left) / count / 2 + 2)
    plot_w = width - left - right
    band = plot_w / count
    col_w = band * 0.75 / max(len(series), 1)
    marks = [[_mark(v, d) for v, d in zip(vs, ds, strict=True)] for _, vs, ds in series]
    how, room = _value_labels(col_w, marks, size)
    top = legend_h + max(room, size * 0.7) + 4
    plot_h = width * (0.55 if compact else 0.42)
    axis_y = top + plot_h
    height = axis_y + size * 1.4 + 8

    parts = [_el("g", *legend, class_="chart-legend")] if legend else []
    keep = set(thin(len(ticks), plot_h / (len(ticks) - 1), size, 2))
    for i, (t, label) in enumerate(zip(ticks, labels, strict=True)):
        y = axis_y - plot_h * t / nice
        parts.append(_line("chart-grid", left, y, width - right, y, GRID))
        if i in keep:
            parts.append(_tick(left - 6, y + size * 0.35, label, "end"))
    shown = set(thin(len(categories), band, widest_category, size * 0.6))
    for c, category in enumerate(categories):
        bx = left + c * band
        if c in shown:
            parts.append(_tick(bx + band / 2, axis_y + size + 8, category, "middle"))
        for s, (_, values, _) in enumerate(series):
            value, cx = values[c], bx + band * 0.125 + s * col_w
            h = plot_h * float(value) / nice if value and value > 0 else 0
            if h:
                css = f"chart-bar chart-series-{s + 1}"
                parts.append(_rect(css, cx + 1, axis_y - h, col_w - 2, h, SERIES_COLOURS[s]))
            if how == "none":
                continue
            up = how == "up"  # turned a quarter, its baseline along the column
            lx, ly = cx + col_w / 2 + (size * 0.35 if up else 0), axis_y - h - 4
            turn = f"rotate(-90 {_n(lx)} {_n(ly)})" if up else None
            anchor = "start" if up else "middle"
            parts.append(
                _text(lx, ly, marks[s][c], anchor=anchor, class_="chart-value", transform=turn)
            )
    if not categories or not series:
        parts.append(
            _text(left + plot_w / 2, top + plot_h / 2, gettext("No data"), anchor="middle")
        )
    parts.append(_line("chart-axis", left, axis_y, width - right, axis_y, AXIS))
    kind = "chart-columns chart-compact" if compact else "chart-columns chart-wide"
    return _svg(kind, width, height, ids, title, desc, parts, size=size)


def column_chart(*, id_prefix, title, categories, series) -> Chart:
    """Vertical columns over short categories (years); 1-3 series side by side with a legend.

    ``series`` is a list of ``(series_name, values, displays)`` aligned with ``categories``.
    The category labels are thinned to every k-th (always the first and the last) where they
    would overlap; the value labels turn vertical, or are left to the table, when the columns
    are too narrow for them.
    """
    categories, series = list(categories), list(series)[: len(SERIES_COLOURS)]
    desc = ". ".join(
        f"{name}: {_describe(zip(categories, vs, ds, strict=True))}"
        for name, vs, ds in series
        if categories
    )
    return _both(_columns, id_prefix, title, desc or gettext("No data"), categories, series)


# -- tile-grid map -------------------------------------------------------------------------


@dataclass(frozen=True)
class TileMap:
    """The map's ``svg``, its ``legend`` as ``(fill_colour, label)`` pairs, and its
    ``provinces`` (dicts of ``code``, ``abbr``, ``name``, ``display``, ``hidden``, ``url``, in
    the order of the cells) for the page's list of provinces.

    Renders as its SVG in templates (``{{ map }}``); ``map["svg"]`` works too.
    """

    svg: SafeString
    legend: list = field(default_factory=list)
    provinces: list = field(default_factory=list)

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
    ``display`` and ``url``. Each province with data is a link named by its abbreviation, its
    name and its value ("BKL Bengkulu: 12 partners"), the abbreviation first as the tile shows
    it; provinces missing from ``cells`` show "no data" without a link; unknown codes are
    ignored. The legend is drawn inside the picture, for the PDF too.
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

    size, pitch, margin, font = 44, 48, 8, 12
    width = margin + 16 * pitch + 4
    parts = []
    for code, (row, col, abbr) in TILE_GRID.items():
        cell = by_code.get(code)
        x, y, fill = margin + col * pitch, margin + row * pitch, fill_of(cell)
        ink, dashes = text_on(fill), "3 2" if cell and cell["value"] is None else None
        mark = _mark(cell["value"], cell["display"]) if cell else "–"
        tile = [
            _rect("tile", x, y, size, size, fill, stroke=AXIS, stroke_dasharray=dashes),
            _text(x + size / 2, y + 19, abbr, anchor="middle", fill=ink, font_weight="bold"),
            _text(x + size / 2, y + 35, mark, anchor="middle", fill=ink),
        ]
        if cell:
            # Translators: a province tile's link text, e.g. "BKL Bengkulu: 12 partners": the
            # abbreviation and the value written on the tile (so that the name holds what the
            # tile shows), the province's name and what the value counts.
            label = gettext("%(abbr)s %(name)s: %(display)s %(measure)s")
            label %= {
                "abbr": abbr,
                "name": cell["name"],
                "display": mark,
                "measure": measure_label,
            }
            link = {"class_": "tile-link", "href": cell["url"], "aria_label": label}
            parts.append(_el("a", _el("title", label), *tile, **link))
        else:
            # The caller passes every province (the Province table has the names); a code left
            # out is named by its abbreviation.
            name = f"{abbr}: {legend[-1][1]}"  # "No data"
            parts.append(_el("g", _el("title", name), *tile, class_="tile-empty"))
    y = margin + 6 * pitch + 12  # the legend, drawn for the PDF too
    heading = _text(0, y + 4, _fit(legend_title, width - 2 * margin, font), font_weight="bold")
    entries, entries_h = _legend_flow(
        [("legend-swatch", colour, label) for colour, label in legend],
        width=width - 2 * margin,
        size=font,
        swatch=14,
        y0=y + 12,
    )
    parts.append(
        _el("g", heading, *entries, class_="chart-legend", transform=f"translate({margin} 0)")
    )
    height = y + 12 + entries_h + 4
    known = sorted(by_code.values(), key=lambda c: (c["value"] is None, -float(c["value"] or 0)))
    desc = _describe((c["name"], c["value"], c["display"]) for c in known)
    if missing := len(TILE_GRID) - len(by_code):
        without = gettext("Provinces without data: %(count)s") % {"count": missing}
        desc = f"{desc}. {without}" if desc else without
    svg = _svg("tile-map", width, height, ids, title, desc, parts, role="group")
    provinces = [
        {
            "code": str(c["code"]),
            "abbr": TILE_GRID[str(c["code"])][2],
            "name": c["name"],
            "display": c["display"],
            "hidden": c["value"] is None,
            "url": c["url"],
        }
        for c in cells
        if str(c["code"]) in TILE_GRID
    ]
    return TileMap(svg=svg, legend=legend, provinces=provinces)
