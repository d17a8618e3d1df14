"""Each figure on the home page links to a list of exactly what it counts."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreements(agreement_factory, organisation_factory):
    """One agreement of each status, as of today."""
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    parties = [organisation_factory(), organisation_factory(japanese=True)]
    return {
        "active": agreement_factory(parties=parties, signed_on=today - 30 * day),
        "expiring": agreement_factory(
            parties=parties, signed_on=today - 30 * day, expires_on=today + 30 * day
        ),
        "expired": agreement_factory(
            parties=parties, signed_on=today - 400 * day, expires_on=today - day
        ),
        "upcoming": agreement_factory(
            parties=parties, signed_on=today - day, effective_from=today + 10 * day
        ),
        "draft": agreement_factory(parties=parties, signed_on=None),
        "terminated": agreement_factory(
            parties=parties,
            signed_on=today - 100 * day,
            terminated_on=today - day,
            termination_reason="Dibatalkan",
        ),
    }


def linked_count(client, page, label):
    """How many agreements the list behind the link `label` on `page` holds."""
    (href,) = re.findall(rf'<a href="([^"]+)">{re.escape(label)}</a>', page)
    response = client.get(href.replace("&amp;", "&"))
    assert response.status_code == 200
    return response.context["page_obj"].paginator.count


@pytest.mark.parametrize(
    "figure, label",
    [("in_force", "in force"), ("signed", "signed agreements"), ("expiring", "1 expiring soon")],
)
def test_a_home_figure_and_its_list_agree(client, agreements, figure, label):
    with translation.override("en"):
        response = client.get(reverse("pages:home"))
    totals = response.context["agreement_totals"]
    assert (totals["in_force"], totals["signed"], totals["expiring"]) == (2, 5, 1)
    assert linked_count(client, response.content.decode(), label) == totals[figure]
