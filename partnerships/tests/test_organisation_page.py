import datetime

import pytest
from django.urls import reverse

from partnerships.models import (
    Agreement,
    AgreementParty,
    Event,
    Figure,
    Person,
    Position,
    Source,
)

pytestmark = pytest.mark.django_db


def test_organisation_page_shows_details_people_events_and_figures(client, organisation_factory):
    school = organisation_factory(name="SMKN 1 Rejang Lebong", npsn="10700101")
    association = organisation_factory(
        name="Asosiasi Contoh", kind="association", category="association", npsn=None
    )
    association.members.add(school)
    source = Source.objects.create(
        publisher="infosumatera.com", title="Audiensi", published_on=datetime.date(2025, 7, 11)
    )
    person = Person.objects.create(name="Asep Suparman", slug="asep-suparman")
    Position.objects.create(
        person=person,
        organisation=school,
        title="Kepala Sekolah",
        as_of=datetime.date(2025, 7, 11),
        source=source,
    )
    event = Event.objects.create(
        name="Peluncuran Kelas Industri Jepang",
        kind=Event.Kind.LAUNCH,
        date=datetime.date(2025, 7, 12),
        source=source,
    )
    event.participants.add(school)
    Figure.objects.create(
        organisation=school,
        metric=Figure.Metric.CANDIDATES_IN_TRAINING,
        value=28,
        unit=Figure.Unit.PEOPLE,
        as_of=datetime.date(2025, 7, 11),
        source=source,
    )

    response = client.get(reverse("partnerships:organisation-detail", args=[school.slug]))

    content = response.content.decode()
    assert response.status_code == 200
    for text in [
        "SMKN 1 Rejang Lebong",
        "10700101",
        "Asep Suparman",
        "Kepala Sekolah",
        "Peluncuran Kelas Industri Jepang",
        "Asosiasi Contoh",
        "28",
        "Bengkulu",
    ]:
        assert text in content


def test_unknown_organisation_is_404(client):
    response = client.get(reverse("partnerships:organisation-detail", args=["no-such-school"]))
    assert response.status_code == 404


@pytest.mark.parametrize("rows", [2, 30])
def test_organisation_page_query_budget(
    client, organisation_factory, django_assert_max_num_queries, rows
):
    association = organisation_factory(
        name="Asosiasi Besar", kind="association", category="association", npsn=None
    )
    members = organisation_factory.create_batch(rows)
    association.members.add(*members)
    for index, member in enumerate(members):
        event = Event.objects.create(
            name=f"Rapat {index}", kind="meeting", date=datetime.date(2025, 1, 1)
        )
        event.participants.add(association, member)
        agreement = Agreement.objects.create(title=f"Kerja sama {index}", kind="pks")
        for position, party in enumerate([association, member]):
            AgreementParty.objects.create(
                agreement=agreement, organisation=party, role="party", position=position
            )
    with django_assert_max_num_queries(12):
        response = client.get(association.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["members"]) == rows
