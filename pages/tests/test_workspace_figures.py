"""The official's workspace opens with their province's headline figures, the province
dashboard's own (same counts, same protection of counts of people), and the way to the province
page and the map; in a fixed number of queries."""

import datetime
import re

import pytest
from django.db import connection
from django.db.models import Count, Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboards import selectors
from partnerships.models import Agreement
from portal.disclosure import cell, people
from portal.models import Province
from trainees.models import Stage, Trainee

pytestmark = pytest.mark.django_db

D = datetime.date
FIGURES = selectors.PROVINCE_FIGURES


def make_province_data(
    province,
    n_trainees,
    *,
    organisation_factory,
    agreement_factory,
    cohort_factory,
    trainee_factory,
):
    """Two schools of `province` and a Japanese partner; an agreement in force, an expired one
    and a draft; a cohort of `n_trainees`: seven in Japan, two more left and back."""
    school = organisation_factory(province=province)
    other = organisation_factory(province=province)
    japan = organisation_factory(japanese=True)
    agreement_factory(parties=[school, japan], signed_on=D(2025, 1, 15))
    agreement_factory(parties=[other, japan], signed_on=D(2020, 1, 15), expires_on=D(2021, 1, 14))
    agreement_factory(parties=[school, other], signed_on=None)
    cohort = cohort_factory(institution=school)
    trainees = [trainee_factory(cohort=cohort) for _ in range(n_trainees)]
    Trainee.objects.filter(pk__in=[t.pk for t in trainees[:7]]).update(
        stage=Stage.IN_JAPAN, departed_on=D(2025, 10, 1)
    )
    Trainee.objects.filter(pk__in=[t.pk for t in trainees[7:9]]).update(
        stage=Stage.RETURNED, departed_on=D(2022, 10, 1), returned_on=D(2025, 10, 1)
    )
    return school


@pytest.fixture
def factories(organisation_factory, agreement_factory, cohort_factory, trainee_factory):
    return {
        "organisation_factory": organisation_factory,
        "agreement_factory": agreement_factory,
        "cohort_factory": cohort_factory,
        "trainee_factory": trainee_factory,
    }


@pytest.fixture
def official(bengkulu, user_factory, factories):
    """An official of Bengkulu who also heads one of its schools, so that the workspace has
    other sections than the province's."""
    school = make_province_data(bengkulu, 12, **factories)
    agreement_factory = factories["agreement_factory"]
    # An agreement of the school expiring soon: the workspace lists it in a section of its own.
    agreement_factory(
        parties=[school],
        signed_on=D(2024, 1, 1),
        expires_on=datetime.date.today() + datetime.timedelta(days=20),
    )
    return user_factory(memberships=[("official", bengkulu), ("head", school)])


def shown_figures(page):
    """{figure: its text} of the first province card of the workspace."""
    card = page[page.index('data-testid="province-figures"') :]
    return dict(re.findall(r'data-testid="figure-(\w+)">([^<]*)<', card)[: len(FIGURES)])


def workspace(client, user):
    client.force_login(user)
    response = client.get(reverse("pages:workspace"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_province_figures_come_before_any_other_section(client, official):
    page = workspace(client, official)
    main = page[page.index("<main") :]
    sections = re.findall(r'<section[^>]*aria-labelledby="([^"]+)"', main)
    assert sections[0] == "provinces-heading"
    assert {"institutions-heading", "expiring-heading", "account-heading"} <= set(sections[1:])
    figures_at = main.index('data-testid="province-figures"')
    second_section_at = main.index("<section", main.index("<section") + 1)
    assert figures_at < second_section_at
    assert main.index("<h1") < figures_at  # the page's heading stays first


def test_the_figures_are_the_province_dashboard_s(client, official, bengkulu):
    figures = shown_figures(workspace(client, official))
    board = selectors.dashboard(province=bengkulu, exact=True)
    statuses = {code: n.value for code, _label, n in board.agreement_statuses}
    departures = sum(departed.value for _year, departed, _returned in board.movements_per_year)
    assert figures == {
        "organisations": str(board.organisation_total),
        "agreements": str(board.agreement_total),
        "in_force": str(statuses["active"] + statuses["expiring"]),
        "cohorts": str(board.cohort_total),
        "trainees": board.trainee_total.display,
        "departed": str(departures),  # exact counts: the years' departures add up
        "in_japan": board.in_japan.display,
    }
    # As counted by hand: two schools (the Japanese partner has no province); the four
    # agreements with a Bengkulu party, of which the first and the expiring one are in force;
    # the cohort's 12 trainees, 9 of whom left for Japan and 7 are there now. Exact: the
    # official's own province.
    assert figures == {
        "organisations": "2",
        "agreements": "4",
        "in_force": "2",
        "cohorts": "1",
        "trainees": "12",
        "departed": "9",
        "in_japan": "7",
    }


def test_protected_figures_read_as_the_province_dashboard_s(official, bengkulu):
    """Whoever may not see exact counts reads the same published values as on the province
    page: the same records make the same cells."""
    figures = selectors.province_figures([bengkulu], exact=lambda province: False)[bengkulu.pk]
    board = selectors.dashboard(province=bengkulu, exact=False)
    assert figures["trainees"] == board.trainee_total
    assert figures["in_japan"] == board.in_japan
    assert figures["agreements"].value == board.agreement_total
    # Those who left for Japan: a cell of their own (the trainees of the province's cohorts
    # with a departure), protected as every count of people is.

    sent = Trainee.objects.filter(
        cohort__institution__province=bengkulu, departed_on__isnull=False
    ).aggregate(n=Count("pk"), keys=Sum("record_key"))
    assert figures["departed"] == people(cell(sent["n"], sent["keys"]), exact=False)


def test_the_card_leads_to_the_province_page_the_map_and_the_agreements(client, official):
    page = workspace(client, official)
    card = page[page.index('data-testid="province-figures"') : page.index("</section>")]
    bengkulu = Province.objects.get(code="17")
    assert f'href="{bengkulu.get_absolute_url()}"' in card
    assert f'href="{reverse("dashboards:national")}#map-heading"' in card
    assert f'href="{reverse("partnerships:agreement-list")}?province=17"' in card


def test_only_officials_get_province_figures(client, user_factory, bengkulu, factories):
    school = make_province_data(bengkulu, 3, **factories)
    head = user_factory(memberships=[("head", school)])
    assert 'data-testid="province-figures"' not in workspace(client, head)


def test_the_figures_cost_the_same_queries_for_one_province_or_six(
    client, user_factory, bengkulu, factories, django_assert_max_num_queries
):
    """A fixed number of queries, whatever the provinces and their rows: each figure is one
    grouped query for all of them."""
    few = user_factory(memberships=[("official", bengkulu)])
    make_province_data(bengkulu, 3, **factories)
    client.force_login(few)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("pages:workspace"))

    provinces = list(Province.objects.exclude(pk=bengkulu.pk).order_by("code")[:5])
    for province in provinces:
        make_province_data(province, 30, **factories)
    many = user_factory(memberships=[("official", p) for p in [bengkulu, *provinces]])
    client.force_login(many)
    with CaptureQueriesContext(connection) as six:
        page = client.get(reverse("pages:workspace")).content.decode()
    assert page.count('data-testid="province-figures"') == 6
    assert len(six) == len(one), [q["sql"] for q in six]
    assert len(six) <= 17


def test_every_agreement_counted_is_on_the_linked_list(client, official, bengkulu):
    """The card's agreements figure is the list it links to, as the province page's is."""
    page = workspace(client, official)
    shown = int(shown_figures(page)["agreements"])
    listed = client.get(reverse("partnerships:agreement-list"), {"province": "17"})
    assert (
        listed.context["paginator"].count
        == shown
        == Agreement.objects.for_province(bengkulu).count()
    )
