"""The demo answers the public's first question (which Bengkulu organisation has an agreement
with a Japanese partner?) and holds the partners' journey: a cohort that a training centre
trains and a Japanese partner hosts some of, each with a staff login."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from devtools.demo import DEMO_PASSWORD
from partnerships.models import Agreement, Organisation
from portal.models import User
from trainees.models import Cohort, Stage, Trainee
from trainees.partners import stages_for

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # slow: each test loads the whole demo

JAPANESE_PARTNER = "mitra-industri-jepang-fiktif"
AGREEMENT = "DEMO/SMKN1RL-MITRA-JEPANG/2025"


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)


def test_the_public_finds_a_bengkulu_agreement_with_a_japanese_party(demo, client):
    url = reverse("partnerships:agreement-list")
    response = client.get(url, {"province": "17", "party_kind": "japanese_partner"})
    assert response.status_code == 200
    found = {agreement.number for agreement in response.context["agreements"]}
    assert found == {AGREEMENT}
    agreement = Agreement.objects.get(number=AGREEMENT)
    assert agreement.get_absolute_url() in response.content.decode()
    # Among the province's agreements too, unfiltered by kind, to an anonymous visitor.
    bengkulu = client.get(url, {"province": "17"})
    assert AGREEMENT in {a.number for a in bengkulu.context["agreements"]}

    # Its page names both parties: the Bengkulu school and the Japanese partner, in Miyagi.
    page = client.get(agreement.get_absolute_url()).content.decode()
    partner = Organisation.objects.get(slug=JAPANESE_PARTNER)
    school = Organisation.objects.get(slug="smkn-1-rejang-lebong")
    assert partner.get_absolute_url() in page
    assert school.get_absolute_url() in page
    assert (partner.kind, partner.prefecture.code, partner.is_demo) == (
        "japanese_partner",
        "04",
        True,
    )
    assert school.province.code == "17"


def test_a_bengkulu_cohort_has_a_training_centre_and_a_japanese_host(demo):
    cohort = Cohort.objects.get(name="Kelas Industri Jepang Bengkulu")
    kinds = {partner.slug: partner.kind for partner in cohort.partners.all()}
    assert kinds["lpk-mulia-mandiri-abadi"] == "training_centre"
    assert kinds[JAPANESE_PARTNER] == "japanese_partner"
    assert cohort.agreements.filter(number=AGREEMENT).exists()

    hosted = cohort.trainees.filter(host_organisation__slug=JAPANESE_PARTNER)
    assert hosted.count() == 8
    assert set(hosted.values_list("stage", flat=True)) == {Stage.DEPARTED}
    assert cohort.trainees.filter(stage=Stage.IN_TRAINING, host_organisation=None).count() == 20

    # What each partner may record now, by the partners' rules: the training centre the
    # selection of those in training, the Japanese partner the arrival of those it hosts.
    centre = Organisation.objects.get(slug="lpk-mulia-mandiri-abadi")
    host = Organisation.objects.get(slug=JAPANESE_PARTNER)
    in_training = cohort.trainees.filter(stage=Stage.IN_TRAINING).first()
    assert Stage.SELECTION in stages_for(centre, in_training)
    assert stages_for(host, hosted.first()) == [Stage.IN_JAPAN]
    assert stages_for(host, in_training) == []


def test_each_partner_staff_logs_in_and_reads_what_their_partner_may(demo, client):
    cohort = Cohort.objects.get(name="Kelas Industri Jepang Bengkulu")
    for username, organisation, trainees in [
        ("staf.lpkmma", "lpk-mulia-mandiri-abadi", 28),
        ("staf.mitrajepang", JAPANESE_PARTNER, 8),
    ]:
        user = User.objects.get(username=username)
        assert {m.organisation.slug for m in user.memberships.all()} == {organisation}
        assert {m.role for m in user.memberships.all()} == {"staff"}
        response = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, username
        # The Japanese partner's staff read Japanese: they land on the Japanese workspace.
        assert (
            response["Location"] == {"staf.lpkmma": "/me/", "staf.mitrajepang": "/ja/me/"}[username]
        )
        # A training centre reads the cohort's roster; a Japanese partner only those it hosts.
        visible = Trainee.objects.visible_to(user).filter(cohort=cohort)
        assert visible.count() == trainees, username
        assert client.get(cohort.get_absolute_url()).status_code == 200, username
        client.logout()
