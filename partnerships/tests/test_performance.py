"""National scale: the search is answered by its indexes, long lists paginate, exports are built
from values() with the parties aggregated in SQL, and query counts stay flat."""

import pytest
from django.db import connection

from partnerships.models import Agreement, AgreementParty, Organisation

pytestmark = pytest.mark.django_db

LIST = "partnerships:agreement-list"


def plan(queryset):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE partnerships_organisation, partnerships_agreementparty")
        cursor.execute("SET LOCAL enable_seqscan = off")
        return queryset.explain()


def test_search_uses_the_full_text_and_trigram_indexes(agreement_factory, organisation_factory):
    school = organisation_factory(name="SMKN 3 Kepahiang")
    partner = organisation_factory(japanese=True, name="Kyodo Kumiai Sakura")
    for n in range(30):
        agreement_factory(title=f"Perjanjian magang {n}", parties=[school, partner])
    explained = plan(Agreement.objects.search("Sakura"))
    assert "agreement_search_idx" in explained
    assert "party_signatory_trgm_idx" in explained
    # Planned as `id IN (...) OR id IN (...) OR id IN (...)`, each from its own index.
    assert "(hashed SubPlan 1) OR (hashed SubPlan 2) OR (hashed SubPlan 3)" in explained
    # The parties' names, matched by trigram (on a small table the planner may prefer
    # another way in, so the organisations' lookup is checked on its own).
    names = Organisation.objects.filter(name__icontains="sakura")
    assert "org_name_trgm_idx" in plan(names)


def test_search_matches_own_text_party_short_name_and_signatory(
    agreement_factory, organisation_factory
):
    school = organisation_factory(name="SMKN 3 Kepahiang", short_name="Smeka3")
    partner = organisation_factory(japanese=True, name="Kyodo Kumiai Sakura")
    other = organisation_factory(name="SMKN 9 Lain")
    own = agreement_factory(title="Magang perawat lansia", parties=[other, partner])
    by_short_name = agreement_factory(title="Kelas industri", parties=[school, other])
    signed = agreement_factory(title="Kerja sama", parties=[other, school])
    AgreementParty.objects.filter(agreement=signed, organisation=school).update(
        signatory_name="Budi Hartono"
    )
    found = set(Agreement.objects.search("lansia"))
    assert found == {own}
    assert set(Agreement.objects.search("smeka3")) == {by_short_name, signed}
    assert set(Agreement.objects.search("hartono")) == {signed}
    assert set(Agreement.objects.search("sakura")) == {own}
    # No agreement twice, whichever way it matched.
    assert Agreement.objects.search("smkn").count() == 3
