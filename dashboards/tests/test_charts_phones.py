"""Charts readable on a phone and on a wide screen: each chart's two drawings, their text
sizes where each is shown, labels thinned so that none overlaps, legends inside the picture,
and map tiles named by what they show."""

import re
import xml.etree.ElementTree as ET
from itertools import pairwise
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import override

from dashboards.charts import (
    COMPACT,
    COMPACT_FONT,
    COMPACT_MIN_BOX,
    MAP_MIN_BOX,
    NICE_STEPS,
    TILE_GRID,
    WIDE,
    WIDE_FONT,
    Chart,
    bar_chart,
    column_chart,
    text_width,
    thin,
    tile_map,
)

NS = "{http://www.w3.org/2000/svg}"
YEARS = [str(year) for year in range(1993, 2027)]  # the 34-year axis of the issue
CSS = (Path(settings.BASE_DIR) / "static" / "css" / "charts.css").read_text()


def drawings(chart):
    assert isinstance(chart, Chart)
    html = str(chart)
    assert html.startswith('<div class="chart-set">') and html.endswith("</div>")
    assert html.index(str(chart.wide)) < html.index(str(chart.compact))
    return ET.fromstring(str(chart.wide)), ET.fromstring(str(chart.compact))


def view_box(root):
    return [float(n) for n in root.get("viewBox").split()]


def font_size(el, root):
    return float(el.get("font-size") or root.get("font-size"))


def extent(text, root):
    """(left, right) of a <text>, from its anchor and the charts' width estimate."""
    x, width = float(text.get("x")), text_width("".join(text.itertext()), font_size(text, root))
    anchor = text.get("text-anchor") or "start"
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return left, left + width


def ticks(root):
    """The axis labels, by axis: those along the bottom share a baseline, those up the side an
    x."""
    labels = [t for t in root.iter(f"{NS}text") if "chart-tick" in (t.get("class") or "")]
    bottom = [t for t in labels if t.get("text-anchor") == "middle"]
    side = [t for t in labels if t.get("text-anchor") == "end"]
    assert len(bottom) + len(side) == len(labels)
    assert len({t.get("y") for t in bottom}) <= 1
    return bottom, side


def columns(years, *, names=("Agreements signed",), value=7):
    series = [(name, [value * (i % 5) for i in range(len(years))], None) for name in names]
    series = [(n, vs, [f"{v:,}".replace(",", ".") for v in vs]) for n, vs, _ in series]
    return column_chart(id_prefix="per-year", title="Per year", categories=years, series=series)


def test_thinning_keeps_the_first_and_the_last_and_leaves_room_between():
    for count in range(1, 61):
        for pitch in (3.0, 6.2, 10.7, 25.0, 80.0):
            kept = thin(count, pitch, widest=31, gap=8)
            assert kept[0] == 0 and kept[-1] == count - 1
            steps = {b - a for a, b in pairwise(kept[:-1])}
            assert len(steps) <= 1 and steps <= set(NICE_STEPS)  # regular, every k-th
            if (count - 1) * pitch >= 31 + 8:  # two labels fit at all
                assert all((b - a) * pitch >= 31 + 8 for a, b in pairwise(kept))
    assert thin(0, 10, 5, 1) == []
    assert thin(34, 40, 31, 8) == list(range(34))  # room for all: none dropped


@pytest.mark.parametrize("years", [YEARS, YEARS[-12:], YEARS[-3:], ["2025"]])
@pytest.mark.parametrize("names", [("Agreements signed",), ("Departures", "Returns")])
def test_year_labels_are_thinned_and_never_overlap(years, names):
    for root in drawings(columns(years, names=names)):
        bottom, side = ticks(root)
        shown = ["".join(t.itertext()) for t in bottom]
        assert shown[0] == years[0] and shown[-1] == years[-1]  # the first and the last year
        assert shown == sorted(shown) and set(shown) <= set(years)
        spans = sorted(extent(t, root) for t in bottom)
        assert all(right <= left for (_, right), (left, _) in pairwise(spans)), spans
        _, _, width, height = view_box(root)
        assert spans[0][0] >= 0 and spans[-1][1] <= width  # inside the picture
        size = font_size(side[0], root)
        baselines = sorted(float(t.get("y")) for t in side)
        assert all(b - a >= size for a, b in pairwise(baselines))
    wide, compact = drawings(columns(YEARS))
    assert len(ticks(wide)[0]) < len(YEARS) and len(ticks(compact)[0]) < len(ticks(wide)[0])


@pytest.mark.parametrize("top", [9, 480, 52_440, 1_234_567])
def test_the_bars_value_axis_never_overlaps(top):
    rows = [("Pemagangan teknis ke Jepang (TITP) dan pekerja berketerampilan spesifik", top,
             f"{top:,}"), ("Kelas industri", top // 3, f"{top // 3:,}")]  # fmt: skip
    for root in drawings(bar_chart(id_prefix="bars", title="t", rows=rows)):
        bottom, _side = ticks(root)
        assert "".join(bottom[0].itertext()) == "0" and len(bottom) >= 2
        spans = [extent(t, root) for t in bottom]
        assert all(right <= left for (_, right), (left, _) in pairwise(spans)), spans
        _, _, width, _ = view_box(root)
        assert spans[0][0] >= 0 and spans[-1][1] <= width
        for value in root.iter(f"{NS}text"):
            if "chart-value" in (value.get("class") or "") or "chart-label" in (
                value.get("class") or ""
            ):
                left, right = extent(value, root)
                assert left >= 0 and right <= width, "".join(value.itertext())


def all_text_sizes(root):
    return [font_size(t, root) for t in root.iter(f"{NS}text")]


def test_text_is_at_least_12_px_wherever_a_drawing_is_shown():
    """charts.css shows the wide drawing in a box of at least WIDE px and the compact one
    below; a phone of 320 px gives the chart a box of about COMPACT_MIN_BOX px."""
    assert re.search(rf"@container \(max-width: {WIDE - 1}\.98px\)", CSS)
    assert re.search(rf"@container \(max-width: {MAP_MIN_BOX - 1}\.98px\)", CSS)
    charts = [
        columns(YEARS),
        columns(YEARS[-4:], names=("Departures", "Returns")),
        bar_chart(id_prefix="b", title="t", rows=[("A label", 12, "12"), ("B", None, "<5")]),
    ]
    for chart in charts:
        wide, compact = drawings(chart)
        assert view_box(wide)[2] == WIDE and view_box(compact)[2] == COMPACT
        assert min(all_text_sizes(wide)) * WIDE / view_box(wide)[2] >= 12
        assert min(all_text_sizes(compact)) * COMPACT_MIN_BOX / COMPACT >= 12
        assert min(all_text_sizes(wide)) >= WIDE_FONT
        assert min(all_text_sizes(compact)) >= COMPACT_FONT
    root = ET.fromstring(str(tile_map(**map_args()).svg))
    scale = MAP_MIN_BOX / view_box(root)[2]  # the least the map is drawn at
    assert min(all_text_sizes(root)) * scale >= 12
    tiles = [r for r in root.iter(f"{NS}rect") if r.get("class") == "tile"]
    assert len(tiles) == 38 and all(float(r.get("width")) * scale >= 24 for r in tiles)


def map_args(**overrides):
    cells = [
        {"code": code, "name": f"Provinsi {code}", "value": i * 1000, "display": f"{i * 1000:,}",
         "url": f"/provinces/{code}/"}
        for i, code in enumerate(sorted(TILE_GRID))
    ]  # fmt: skip
    cells[3].update(value=None, display="fewer than 5")
    args = {"id_prefix": "province-map", "title": "Provinces by trainees", "cells": cells,
            "measure_label": "trainees", "legend_title": "Trainees"}  # fmt: skip
    return args | overrides


def test_each_tile_is_named_by_its_abbreviation_name_and_what_it_shows():
    with override("en"):
        result = tile_map(**map_args())
    root = ET.fromstring(str(result.svg))
    links = root.findall(f"{NS}a")
    assert len(links) == 38
    for link in links:
        name, shown = (
            link.get("aria-label"),
            ["".join(t.itertext()) for t in link.iter(f"{NS}text")],
        )
        code = link.get("href").split("/")[2]
        abbr = TILE_GRID[code][2]
        assert shown[0] == abbr and name.startswith(f"{abbr} Provinsi {code}: ")
        assert all(text in name for text in shown), (name, shown)
        assert link.find(f"{NS}title").text == name  # the pointer's tooltip says it too
    hidden = next(a for a in links if a.get("href") == f"/provinces/{sorted(TILE_GRID)[3]}/")
    assert [t.text for t in hidden.iter(f"{NS}text")][1] == "<5"
    assert hidden.get("aria-label").endswith(": <5 trainees")
    # The page lists the same provinces, with their abbreviations, for phones and the table.
    assert [p["abbr"] for p in result.provinces] == [TILE_GRID[c][2] for c in sorted(TILE_GRID)]
    assert result.provinces[3]["hidden"] and result.provinces[3]["display"] == "fewer than 5"
    assert result.provinces[0]["url"] == f"/provinces/{sorted(TILE_GRID)[0]}/"


def legend_spans(root):
    """(left, right, top, bottom) of every legend text and swatch, in picture units."""
    spans = []
    for group in root.iter(f"{NS}g"):
        if group.get("class") != "chart-legend":
            continue
        shift = re.match(r"translate\(([\d.]+) ([\d.]+)\)", group.get("transform") or "")
        dx = float(shift.group(1)) if shift else 0
        for el in group:
            if el.tag == f"{NS}text":
                left, right = extent(el, root)
                y, size = float(el.get("y")), font_size(el, root)
                spans.append((left + dx, right + dx, y - size, y + size * 0.3))
            elif el.tag == f"{NS}rect":
                x, y = float(el.get("x")) + dx, float(el.get("y"))
                spans.append((x, x + float(el.get("width")), y, y + float(el.get("height"))))
    return spans


@pytest.mark.parametrize("language", ["id", "en", "ja"])
def test_legends_stay_inside_the_picture(language):
    long_names = ("Keberangkatan ke Jepang sebagai pemagang teknis", "Kepulangan ke Indonesia",
                  "帰国した技能実習生の人数")  # fmt: skip
    with override(language):
        charts = [
            *drawings(columns(YEARS[-5:], names=long_names)),
            ET.fromstring(str(tile_map(**map_args(legend_title="受入人数 " * 4)).svg)),
        ]
    for root in charts:
        spans = legend_spans(root)
        assert spans
        _, _, width, height = view_box(root)
        for left, right, top, bottom in spans:
            assert left >= 0 and right <= width and top >= 0 and bottom <= height
        # The plot starts below the legend: no gridline label reaches up into it.
        legend_bottom = max(bottom for *_, bottom in spans)
        for tick in ticks(root)[1] if root.get("class").startswith("chart chart-columns") else []:
            assert float(tick.get("y")) - font_size(tick, root) >= legend_bottom - 1
