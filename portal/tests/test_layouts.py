"""The templates' structure: base.html -> a section base (templates/layouts/) -> the page; the
breadcrumbs that the views give and the section bases render; the links that Django's
{% querystring %} builds in the pagination and the downloads; the filter panels."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.paginator import Paginator
from django.template.loader import get_template, render_to_string
from django.template.loader_tags import ExtendsNode
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from partnerships.models import Event
from portal.breadcrumbs import trail
from portal.models import Province

TEMPLATES = Path(settings.BASE_DIR) / "templates"
SECTION_BASES = {
    "layouts/public.html",
    "layouts/public_list.html",
    "layouts/workspace.html",
    "layouts/dashboards.html",
}
# Templates in the pages' folders that are no page of their own.
NOT_PAGES = {
    "dashboards/figures.html": "an include of the two dashboards",
    "dashboards/report_pdf.html": "the PDF report's own document, made by WeasyPrint",
}


def page_templates():
    names = [
        path.relative_to(TEMPLATES).as_posix()
        for folder in ("partnerships", "trainees", "dashboards", "pages")
        for path in sorted((TEMPLATES / folder).glob("*.html"))
    ]
    return [*names, "portal/history.html"]


def parent_of(name):
    """The template `name` extends, or None."""
    nodes = get_template(name).template.nodelist
    extends = next((node for node in nodes if isinstance(node, ExtendsNode)), None)
    return extends.parent_name.resolve({}) if extends else None


@pytest.mark.parametrize("name", [n for n in page_templates() if n not in NOT_PAGES])
def test_every_page_extends_a_section_base(name):
    assert parent_of(name) in SECTION_BASES


def test_the_templates_that_are_no_page_extend_nothing():
    assert set(NOT_PAGES) <= set(page_templates())
    assert all(parent_of(name) is None for name in NOT_PAGES)


@pytest.mark.parametrize("name", sorted(SECTION_BASES))
def test_each_section_base_extends_base_html_and_offers_the_blocks(name):
    parent = parent_of(name)
    assert parent == "base.html" or parent in SECTION_BASES
    chain = [name]
    while chain[-1] != "base.html":
        chain.append(parent_of(chain[-1]))
    source = "".join((TEMPLATES / template).read_text() for template in chain)
    for block in ("title", "breadcrumbs", "filters", "content", "scripts"):
        assert f"{{% block {block} %}}" in source, (name, block)


# Breadcrumbs: (text, href or None, current?) for each item of the page's trail.
CRUMB = re.compile(r'<li class="breadcrumb-item[^"]*"( aria-current="page")?>(.*?)</li>', re.S)
HOME = ("Beranda", "/", False)


def crumbs(response, nav_label="Navigasi jejak"):
    """The trail of a page, from its one breadcrumb navigation (named `nav_label`)."""
    page = response.content.decode()
    assert page.count(f'<nav aria-label="{nav_label}">') == 1
    trail_html = page[page.index('<ol class="breadcrumb">') :]
    trail_html = trail_html[: trail_html.index("</ol>")]
    items = []
    for current, inner in CRUMB.findall(trail_html):
        href = re.search(r'href="([^"]*)"', inner)
        text = re.sub(r"<[^>]+>", "", inner).strip()
        items.append((text, href.group(1) if href else None, bool(current)))
    return items


@pytest.mark.django_db
def test_an_agreements_trail_ends_with_it_as_the_current_page(client, agreement_factory):
    agreement = agreement_factory(number="PKS/0042/2025")
    response = client.get(agreement.get_absolute_url())
    assert crumbs(response) == [
        HOME,
        ("Kemitraan", reverse("partnerships:agreement-list"), False),
        ("PKS/0042/2025", None, True),
    ]


@pytest.mark.django_db
def test_an_agreement_without_number_is_named_by_its_title_marked_indonesian(
    client, agreement_factory
):
    agreement = agreement_factory(number="", title="Kelas industri perhotelan dan pariwisata Bali")
    response = client.get("/en" + agreement.get_absolute_url())
    shortened = "Kelas industri perhotelan dan pariwisat…"  # 40 characters, as before
    assert crumbs(response, "Breadcrumb")[-1] == (shortened, None, True)
    current = f'<li class="breadcrumb-item active" aria-current="page"><span lang="id">{shortened}'
    assert current in response.content.decode()


@pytest.mark.django_db
def test_a_trainees_trail_goes_through_the_cohort(client, walls, cohort_factory, trainee_factory):
    cohort = cohort_factory(institution=walls.school, name="Kelas Jepang")
    trainee = trainee_factory(cohort=cohort)
    client.force_login(walls.owner)
    response = client.get(trainee.get_absolute_url())
    assert crumbs(response) == [
        HOME,
        ("Angkatan", reverse("trainees:cohort-list"), False),
        (str(cohort), cohort.get_absolute_url(), False),
        ("Peserta", None, True),
    ]


@pytest.mark.django_db
def test_a_province_dashboards_trail(client):
    province = Province.objects.get(code="17")
    response = client.get(province.get_absolute_url())
    assert crumbs(response) == [
        HOME,
        ("Provinsi", reverse("dashboards:province-list"), False),
        (province.name, None, True),
    ]


@pytest.mark.django_db
def test_the_trail_is_in_the_pages_language(client):
    province = Province.objects.get(code="17")
    response = client.get("/ja" + province.get_absolute_url())
    items = crumbs(response, "パンくずリスト")
    assert items[0] == ("トップページ", "/ja/", False)  # docs/terminology.md
    assert items[-1] == (province.name, None, True)


@pytest.mark.django_db
def test_an_event_has_a_trail_now(client):
    event = Event.objects.create(name="Temu industri", kind=Event.Kind.VISIT, date="2025-03-01")
    response = client.get(reverse("partnerships:event-detail", args=[event.pk]))
    assert crumbs(response) == [
        HOME,
        ("Kemitraan", reverse("partnerships:agreement-list"), False),
        ("Temu industri", None, True),
    ]


@pytest.mark.django_db
def test_a_page_without_trail_has_no_breadcrumb_nav(client):
    page = client.get(reverse("partnerships:agreement-list")).content.decode()
    assert "breadcrumb" not in page


def test_trail_starts_at_home_and_translates_it():
    with translation.override("en"):
        crumbs_ = trail(("Cohorts", "/cohorts/"), ("Kelas Jepang", None))
    assert [tuple(crumb) for crumb in crumbs_] == [
        ("Home", "/en/"),
        ("Cohorts", "/cohorts/"),
        ("Kelas Jepang", None),
    ]


def test_the_breadcrumbs_include_marks_only_the_last_crumb_current():
    html = render_to_string(
        "includes/breadcrumbs.html",
        {"breadcrumbs": trail(("<Kohort & co>", "/c/?a=1&b=2"), ("Peserta", None))},
    )
    assert html.count('aria-current="page"') == 1
    assert '<li class="breadcrumb-item active" aria-current="page">Peserta</li>' in html
    assert '<a href="/c/?a=1&amp;b=2">&lt;Kohort &amp; co&gt;</a>' in html
    assert render_to_string("includes/breadcrumbs.html", {}).strip() == ""


# {% querystring %}: the pagination and the downloads keep the filters.


def render_with_query(template, query, **context):
    request = RequestFactory().get("/kemitraan/", query)
    return render_to_string(template, {"request": request, **context}, request=request)


def test_the_pagination_keeps_the_filters_and_changes_the_page():
    page = Paginator(range(100), 10).page(3)
    html = render_with_query(
        "includes/pagination.html", {"status": "active", "page": "3"}, page_obj=page
    )
    assert 'href="?status=active&amp;page=2" rel="prev"' in html
    assert 'href="?status=active&amp;page=4" rel="next"' in html
    assert 'href="?status=active&amp;page=1"' in html


def test_the_pagination_of_an_unfiltered_list_has_only_the_page():
    page = Paginator(range(100), 10).page(1)
    html = render_with_query("includes/pagination.html", {}, page_obj=page)
    assert 'href="?page=2" rel="next"' in html


def test_the_downloads_keep_the_filters_and_drop_the_page():
    html = render_with_query("includes/export_links.html", {"status": "active", "page": "3"})
    assert 'href="?status=active&amp;format=csv"' in html
    assert 'href="?status=active&amp;format=xlsx"' in html
    assert "page=" not in html


def test_the_downloads_of_an_unfiltered_list():
    html = render_with_query("includes/export_links.html", {})
    assert 'href="?format=csv"' in html
    assert 'href="?format=xlsx"' in html


def test_the_project_has_no_query_replace_tag_any_more():
    from portal.templatetags import portal as portal_tags

    assert "query_replace" not in portal_tags.register.tags
    assert not [path for path in TEMPLATES.rglob("*.html") if "query_replace" in path.read_text()]


# The filter panels: one include for the two lists and the dashboards.


@pytest.mark.django_db
def test_the_lists_filter_panel_is_a_named_search_beside_the_results(client):
    page = client.get(reverse("partnerships:agreement-list")).content.decode()
    assert '<aside class="col-lg-3">' in page
    assert 'role="search" aria-label="Saring kerja sama"' in page
    assert f'href="{reverse("partnerships:agreement-list")}">Atur ulang</a>' in page
    page = client.get(reverse("partnerships:organisation-list")).content.decode()
    assert '<details class="filter-details card card-body filter-card" data-open-wide>' in page
    assert 'role="search" aria-label="Saring organisasi"' in page


def filter_panel(page):
    panel = page[page.index('<details class="filter-details') :]
    return panel[: panel.index("</details>")]


@pytest.mark.django_db
def test_the_dashboards_filter_panel_keeps_the_map_and_shows_all_once_narrowed(client):
    url = reverse("dashboards:national")
    panel = filter_panel(client.get(url, {"map": "trainees"}).content.decode())
    assert '<h2 id="filter-heading" class="h5 mb-0 d-inline">Persempit angka</h2>' in panel
    assert '<input type="hidden" name="map" value="trainees">' in panel
    assert "Tampilkan semua" not in panel
    panel = filter_panel(client.get(url, {"year_from": "2024"}).content.decode())
    assert f'href="{url}">Tampilkan semua</a>' in panel
    assert '<input type="hidden" name="map" value="agreements">' in panel


@pytest.mark.django_db
def test_a_province_dashboards_filter_panel_has_no_map_to_keep(client):
    page = client.get(Province.objects.get(code="17").get_absolute_url()).content.decode()
    panel = filter_panel(page)
    assert 'name="year_from"' in panel
    assert 'type="hidden"' not in panel
