"""The dashboards' charts on a phone (360 px) and a laptop (1280 px), measured in Chromium with
the demo data: text at least 12 px, axis labels that never overlap, map tiles of at least 24 px
(or, on a phone, the provinces as a list), legends inside their pictures, no sideways scroll."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db(transaction=True)

# Everything is measured on screen, in CSS px, for what is displayed (a drawing that CSS hides
# has no boxes). A text's size on screen is its font size times the SVG's scale (the length of
# the matrix's first column: a value label turned a quarter has a = 0 and b = -scale).
MEASURE = """() => {
  const shown = (el) => el.getClientRects().length > 0;
  const box = (el) => el.getBoundingClientRect();
  const name = (el) => el.textContent.trim();
  const charts = [...document.querySelectorAll("main svg.chart")].filter(shown);
  const texts = charts.flatMap((svg) => [...svg.querySelectorAll("text")]).filter(shown);
  const scale = (m) => Math.hypot(m.a, m.b);
  const sizes = texts.map((t) => [
    parseFloat(getComputedStyle(t).fontSize) * scale(t.getScreenCTM()), name(t)]);
  const overlaps = [];
  for (const svg of charts) {
    const ticks = [...svg.querySelectorAll("text.chart-tick")].filter(shown);
    ticks.forEach((a, i) => ticks.slice(i + 1).forEach((b) => {
      const p = box(a), q = box(b);
      if (p.left < q.right - 0.5 && q.left < p.right - 0.5 &&
          p.top < q.bottom - 0.5 && q.top < p.bottom - 0.5) overlaps.push([name(a), name(b)]);
    }));
  }
  const inside = (inner, outer) =>
    inner.left >= outer.left - 0.5 && inner.right <= outer.right + 0.5 &&
    inner.top >= outer.top - 0.5 && inner.bottom <= outer.bottom + 0.5;
  const legends = charts.flatMap((svg) => [...svg.querySelectorAll(".chart-legend")].map((g) => ({
    chart: svg.getAttribute("aria-labelledby"),
    inSvg: inside(box(g), box(svg)),
    inBox: inside(box(g), box(svg.closest(".chart-set, .chart-map, .card-body"))),
  })));
  const tiles = [...document.querySelectorAll("main svg.tile-map rect.tile")].filter(shown)
    .map((r) => Math.min(box(r).width, box(r).height));
  return {
    charts: charts.length,
    compact: charts.filter((svg) => svg.classList.contains("chart-compact")).length,
    wide: charts.filter((svg) => svg.classList.contains("chart-wide")).length,
    ticks: charts.filter((svg) => !svg.classList.contains("tile-map"))
      .map((svg) => [...svg.querySelectorAll("text.chart-tick")].filter(shown).length),
    sizes, overlaps, legends, tiles,
    provinceList: [...document.querySelectorAll("[data-testid=province-list] a")]
      .filter(shown).length,
    scroll: [document.documentElement.scrollWidth, window.innerWidth],
  };
}"""


@pytest.mark.parametrize("width", [360, 1280])
def test_charts_are_readable_on_a_phone_and_a_laptop(live_server, page, demo, width):
    page.set_viewport_size({"width": width, "height": 800})
    national, province = reverse("dashboards:national"), reverse("dashboards:province", args=["17"])
    with translation.override("ja"):  # wide characters in the legends and labels
        japanese = reverse("dashboards:national")
    for path in (national, province, japanese):
        page.goto(live_server.url + path)
        seen = page.evaluate(MEASURE)
        where = f"{path} at {width} px"

        assert seen["scroll"][0] <= seen["scroll"][1], where
        assert seen["charts"] >= 3, where
        # The drawing for the box: compact on the phone, wide in the laptop's cards.
        if width == 360:
            assert seen["wide"] == 0 and seen["compact"] == seen["charts"], where
        else:
            assert seen["compact"] == 0 and seen["wide"] >= 3, where
        smallest = min(seen["sizes"])
        assert smallest[0] >= 12, (where, smallest)
        assert seen["overlaps"] == [], where
        assert all(n >= 2 for n in seen["ticks"]), where
        assert seen["legends"], where
        for legend in seen["legends"]:
            assert legend["inSvg"] and legend["inBox"], (where, legend)
        found = Axe().run(page).response["violations"]
        assert [v["id"] for v in found if v["impact"] in {"serious", "critical"}] == [], where

    # The national page: the map on the laptop, its provinces as a list on the phone.
    page.goto(live_server.url + national)
    seen = page.evaluate(MEASURE)
    if width == 360:
        assert seen["tiles"] == [] and seen["provinceList"] == 38
    else:
        assert len(seen["tiles"]) == 38 and min(seen["tiles"]) >= 24
        assert seen["provinceList"] == 0
        bengkulu = page.get_by_test_id("province-map").get_by_role("link", name="BKL Bengkulu:")
        assert bengkulu.get_attribute("aria-label").startswith("BKL Bengkulu: ")


def test_the_year_axis_of_the_country_is_thinned_not_crowded(live_server, page, demo):
    """The agreements signed since 1993: every year in the table, some on the axis, the first
    and the last always."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + reverse("dashboards:national"))
    figure = page.get_by_test_id("figure-agreements-per-year")
    years = figure.locator("tbody th").all_text_contents()
    assert len(years) > 20
    for drawing in ("svg.chart-wide", "svg.chart-compact"):
        labels = figure.locator(f"{drawing} text.chart-tick").all_text_contents()
        on_axis = [label for label in labels if label in years]
        assert on_axis[0] == years[0] and on_axis[-1] == years[-1]
        assert len(on_axis) < len(years)
