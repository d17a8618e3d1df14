"""Server-side SVG charts: well-formed, escaped, accessible, proportional, CSP-safe."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils.safestring import SafeString
from django.utils.translation import override

from dashboards.charts import TILE_GRID, bar_chart, column_chart, tile_map

NS = "{http://www.w3.org/2000/svg}"
HOSTILE = ["<script>alert(1)</script>", '" onload="x', "Tom & Jerry's"]


def parse(svg):
    assert isinstance(svg, SafeString)
    return ET.fromstring(str(svg))


def tag(el):
    return el.tag.removeprefix(NS)


def texts(root):
    return ["".join(t.itertext()) for t in root.iter(f"{NS}text")]


def luminance(colour):
    def channel(c):
        c = int(c, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a, b):
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def assert_common(root, role="img"):
    """Root attributes, no inline style, unique ids that aria attributes resolve."""
    assert root.tag == f"{NS}svg"
    assert root.get("viewBox").startswith("0 0 ") and root.get("width") == "100%"
    assert root.get("font-family") == "system-ui, 'DejaVu Sans', sans-serif"
    assert root.get("role") == role
    assert not [el for el in root.iter() if el.get("style") is not None or tag(el) == "style"]
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    refs = f"{root.get('aria-labelledby')} {root.get('aria-describedby') or ''}".split()
    by_id = {el.get("id"): tag(el) for el in root.iter() if el.get("id")}
    assert sorted(by_id[r] for r in refs) == ["desc", "title"]
    return root.find(f"{NS}desc").text


def bar_widths(root):
    return {
        g.find(f"{NS}title").text: (
            float(g.find(f"{NS}rect").get("width")) if g.find(f"{NS}rect") is not None else None
        )
        for g in root.iter(f"{NS}g")
        if "chart-row" in g.get("class", "")
    }


def test_bar_chart_lengths_suppression_zero_and_desc():
    rows = [("Ten", 10, "10"), ("Five", Decimal(5), "5"), ("Hidden", None, "<5"), ("Zero", 0, "0")]
    root = parse(bar_chart(id_prefix="Top Partners!", title="Partners", rows=rows).wide)
    desc = assert_common(root)
    assert root.get("aria-labelledby") == "top-partners-title top-partners-desc"
    widths = bar_widths(root)
    assert widths["Ten"] == pytest.approx(2 * widths["Five"])
    assert widths["Hidden"] is None and widths["Zero"] is None
    assert "<5" in texts(root) and "0" in texts(root)
    for label, *_ in rows:
        assert f"{label}: " in desc
    assert "Ten: 10" in desc and "Zero: 0" in desc
    with override("en"):
        desc = parse(bar_chart(id_prefix="x", title="t", rows=rows).wide).find(f"{NS}desc").text
    assert "Hidden: <5" in desc  # what the table says


def test_bar_chart_escapes_hostile_labels_and_truncates_long_ones():
    long = "Programme " * 10
    rows = [(label, 3, "3") for label in HOSTILE] + [(long, 1, "1")]
    chart = bar_chart(id_prefix="hostile", title=HOSTILE[0], rows=rows)
    assert "<script>" not in str(chart)
    for root in (parse(chart.wide), parse(chart.compact)):
        assert_common(root)
        assert root.find(f"{NS}title").text == HOSTILE[0]
        assert set(bar_widths(root)) == {*HOSTILE, long}  # full labels in the <title> children
        assert long not in texts(root) and any(t.endswith("…") for t in texts(root))
    assert set(HOSTILE) <= set(texts(parse(chart.compact)))  # the labels have the whole width


def test_bar_chart_nice_scale_height_and_max_rows():
    rows = [(f"Row {i}", i * 7, str(i * 7)) for i in range(1, 11)]
    with override("en"):
        root = parse(bar_chart(id_prefix="many", title="t", rows=rows, max_rows=4).wide)
    desc = assert_common(root)
    assert len(bar_widths(root)) == 4 and "first 4 of 10" in desc
    ticks = [t for t in texts(root) if t.isdigit()][:6]
    assert ticks == ["0", "10", "20", "30", "40", "50"]  # 28 -> nice maximum 50
    taller = parse(bar_chart(id_prefix="many", title="t", rows=rows).wide)
    assert float(taller.get("viewBox").split()[3]) > float(root.get("viewBox").split()[3])


@pytest.mark.parametrize("rows", [[], [("A", 0, "0")], [("A", None, "<5"), ("B", None, "<5")]])
def test_bar_chart_renders_empty_zero_and_suppressed_data(rows):
    with override("en"):
        chart = bar_chart(id_prefix="empty", title="t", rows=rows)
    for root in (parse(chart.wide), parse(chart.compact)):
        desc = assert_common(root)
        assert root.find(f".//{NS}rect") is None
        if not rows:
            assert desc == "No data" and "No data" in texts(root)


def test_id_prefix_is_validated():
    with pytest.raises(ValueError):
        bar_chart(id_prefix="!!!", title="t", rows=[])
    chart = bar_chart(id_prefix="2024 stats", title="t", rows=[])
    assert parse(chart.wide).find(f"{NS}title").get("id") == "c-2024-stats-title"
    assert parse(chart.compact).find(f"{NS}title").get("id") == "c-2024-stats-compact-title"


def test_column_chart_series_legend_suppression_and_desc():
    years = ["2022", "2023", "2024"]
    series = [
        ("Departures", [3, 6, None], ["3", "6", "<5"]),
        ("Returns <b>", [0, 12, 9], ["0", "12", "9"]),
    ]
    root = parse(
        column_chart(id_prefix="flows", title="Flows", categories=years, series=series).wide
    )
    desc = assert_common(root)
    bars = {}
    for rect in root.iter(f"{NS}rect"):
        if "chart-bar" in rect.get("class"):
            bars.setdefault(rect.get("fill"), []).append(float(rect.get("height")))
    first, second = bars.values()
    assert len(first) == 2 and len(second) == 2  # no column for None or 0
    assert first[1] == pytest.approx(2 * first[0]) and second[0] == pytest.approx(4 / 3 * second[1])
    assert {"Departures", "Returns <b>", "<5", "0", *years} <= set(texts(root))
    assert all(ratio(fill, "#ffffff") >= 3 for fill in bars)
    assert "2023: 6" in desc and "2024: 9" in desc and "Returns <b>: 2022: 0" in desc


def test_column_chart_renders_empty_and_all_zero():
    with override("en"):
        empty = parse(column_chart(id_prefix="e", title="t", categories=[], series=[]).compact)
        zero = parse(
            column_chart(
                id_prefix="z", title="t", categories=["2020"], series=[("A", [0], ["0"])]
            ).wide
        )
    assert assert_common(empty) == "No data"
    assert assert_common(zero) == "A: 2020: 0"


def test_tile_grid_has_38_provinces_in_distinct_cells():
    assert len(TILE_GRID) == 38 and all(len(code) == 2 for code in TILE_GRID)
    cells = {(row, col) for row, col, _ in TILE_GRID.values()}
    assert len(cells) == 38
    assert all(0 <= row <= 5 and 0 <= col <= 15 for row, col in cells)
    assert all(2 <= len(abbr) <= 4 for _, _, abbr in TILE_GRID.values())
    assert TILE_GRID["17"][:2] == (3, 1)


def map_cells():
    cells = [
        {"code": code, "name": f"Province {code}", "value": i * 3, "display": str(i * 3),
         "url": f"/provinces/{code}/?a=1&b=2"}
        for i, code in enumerate(sorted(TILE_GRID))
    ]  # fmt: skip
    cells[1].update(value=None, display="<5")
    cells[2].update(name=HOSTILE[1])
    del cells[-1]  # drawn as no data
    cells.append({"code": "99", "name": "Nowhere", "value": 5, "display": "5", "url": "/x/"})
    return cells


def fills_and_inks(root):
    """(fill, text colours) for every tile and legend swatch."""
    pairs = []
    for group in root.iter():
        rect = group.find(f"{NS}rect")
        if tag(group) in ("a", "g") and rect is not None and "tile" in rect.get("class"):
            pairs.append((rect.get("fill"), {t.get("fill") for t in group.iter(f"{NS}text")}))
    return pairs


def test_tile_map_links_labels_and_no_data():
    with override("en"):
        result = tile_map(
            id_prefix="map", title="Partners by province", cells=map_cells(),
            measure_label="partners", legend_title="Partners",
        )  # fmt: skip
    root = parse(result.svg)
    assert result["svg"] is result.svg and str(result) == str(result.svg)
    desc = assert_common(root, role="group")
    links = root.findall(f"{NS}a")
    assert len(links) == 37 and len(fills_and_inks(root)) == 38
    codes = sorted(TILE_GRID)
    first = links[[a.get("href") for a in links].index(f"/provinces/{codes[2]}/?a=1&b=2")]
    assert first.get("aria-label") == f"{TILE_GRID[codes[2]][2]} {HOSTILE[1]}: 6 partners"
    hidden = next(a for a in links if a.get("href").startswith(f"/provinces/{codes[1]}/"))
    assert hidden.get("aria-label") == f"{TILE_GRID[codes[1]][2]} Province {codes[1]}: <5 partners"
    assert "<5" in texts(hidden) and "/x/" not in str(result.svg)
    assert "Provinces without data: 1" in desc and f"Province {codes[1]}: <5" in desc
    assert {abbr for _, _, abbr in TILE_GRID.values()} <= set(texts(root))
    labels = [label for _, label in result.legend]
    assert labels[0] == "0" and labels[-2:] == ["Hidden (fewer than 5)", "No data"]
    assert len(labels) == 5 + 3 and set(labels) <= set(texts(root))  # drawn in the SVG too


def test_tile_map_buckets_are_monotonic_and_text_contrast_is_enough():
    cells = map_cells()
    root = parse(tile_map(id_prefix="m", title="t", cells=cells, measure_label="x",
                          legend_title="L").svg)  # fmt: skip
    fill_by_value = {}
    for a in root.findall(f"{NS}a"):
        value = next(c["value"] for c in cells if c["url"] == a.get("href"))
        if value:
            fill_by_value[value] = a.find(f"{NS}rect").get("fill")
    darkness = [luminance(fill_by_value[v]) for v in sorted(fill_by_value)]
    assert darkness == sorted(darkness, reverse=True)
    assert len(set(fill_by_value.values())) == 5
    for fill, inks in fills_and_inks(root):
        assert len(inks) == 1 and ratio(fill, inks.pop()) >= 4.5


@pytest.mark.parametrize("values", [[], [0, 0], [None], [7], [7, 7, 8]])
def test_tile_map_renders_sparse_data(values):
    cells = [
        {"code": code, "name": code, "value": v, "display": str(v), "url": f"/{code}/"}
        for code, v in zip(sorted(TILE_GRID), values, strict=False)
    ]
    result = tile_map(id_prefix="m", title="t", cells=cells, measure_label="x", legend_title="L")
    root = parse(result.svg)
    assert_common(root, role="group")
    assert len(root.findall(f"{NS}a")) == len(values)
    for fill, inks in fills_and_inks(root):
        assert ratio(fill, inks.pop()) >= 4.5
