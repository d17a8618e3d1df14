"""The partners named on a cohort record its trainees' way (issue 18): a training centre the
training and selection stages, a Japanese partner the arrival and return of the trainees it
hosts; they see names and stages, nothing else of the record; every move is in the trainee's
timeline with the partner it was recorded for, and on the workspace of the institution's heads.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import formats, translation

from trainees import services
from trainees.models import DataAccess, Stage, StageChange, Trainee
from trainees.partners import PARTNER_STAGES, partners_of, stages_for
from trainees.selectors import recent_partner_moves

pytestmark = pytest.mark.django_db
D = datetime.date
S = Stage
# The institution's way of a trainee to Japan, before the host's part begins.
TO_DEPARTURE = [S.IN_TRAINING, S.SELECTION, S.PASSED, S.PRE_DEPARTURE, S.DEPARTED]


@pytest.fixture
def cohort(walls, cohort_factory):
    """A technical-intern cohort of the owner's school, trained by LPK Mitra and hosted by
    Mitra Kabushiki Kaisha."""
    cohort = cohort_factory(institution=walls.school, name="Kelas Industri Jepang")
    cohort.partners.set([walls.centre, walls.japanese])
    return cohort


@pytest.fixture
def hosted(walls, cohort, trainee_factory):
    return trainee_factory(
        cohort=cohort,
        full_name="Rahmat Fiktif",
        nisn="0051234567",
        birth_date=D(2008, 5, 17),
        host_organisation=walls.japanese,
    )


@pytest.fixture
def unhosted(cohort, trainee_factory):
    return trainee_factory(cohort=cohort, full_name="Sinta Fiktif", nisn="0057654321")


START = D(2025, 8, 1)


def walk(trainee, stages, *, start=START):
    """Move `trainee` through `stages` as its institution, a week apart."""
    for step, stage in enumerate(stages):
        services.move_trainee(
            trainee=Trainee.objects.get(pk=trainee.pk),
            stage=stage,
            date=start + datetime.timedelta(weeks=step),
        )
    trainee.refresh_from_db()
    return trainee


def en(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


# 1. The service: what each kind of partner may record.


def test_a_training_centre_records_training_and_selection_with_its_name(
    walls, cohort, hosted, unhosted
):
    for step, stage in enumerate([S.IN_TRAINING, S.SELECTION, S.PASSED]):
        moved = services.move_trainees(
            cohort=cohort,
            trainee_ids=[hosted.pk, unhosted.pk],
            stage=stage,
            date=D(2025, 8, 1) + datetime.timedelta(weeks=step),
            note=f"Catatan LPK {step}",
            user=walls.centre_staff,
            partner=walls.centre,
        )
        assert {t.stage for t in moved} == {stage}
    steps = StageChange.objects.filter(trainee=hosted).exclude(stage=S.REGISTERED)
    assert [(s.stage, s.partner, s.recorded_by) for s in steps.order_by("date")] == [
        (stage, walls.centre, walls.centre_staff)
        for stage in (S.IN_TRAINING, S.SELECTION, S.PASSED)
    ]
    # The institution's own steps name no partner.
    assert StageChange.objects.get(trainee=hosted, stage=S.REGISTERED).partner is None
    # Its history says who made the change, as for the institution's moves.
    hosted.refresh_from_db()
    assert hosted.history.first().history_user == walls.centre_staff


@pytest.mark.parametrize(
    ("partner", "before", "stage", "says"),
    [
        # A training centre: not the departure's side, nor a withdrawal.
        ("centre", TO_DEPARTURE[:3], S.PRE_DEPARTURE, "In training, Selection, Passed, Not passed"),
        ("centre", [], S.WITHDRAWN, "In training, Selection, Passed, Not passed"),
        ("centre", TO_DEPARTURE[:4], S.DEPARTED, "training and selection"),
        # A Japanese partner: arrival and return only.
        ("japanese", [], S.IN_TRAINING, "In Japan, Returned"),
        ("japanese", TO_DEPARTURE[:4], S.DEPARTED, "arrival in Japan and the return"),
        ("japanese", TO_DEPARTURE[:2], S.PASSED, "In Japan, Returned"),
    ],
)
def test_each_kind_is_refused_the_stages_it_does_not_record(
    walls, cohort, hosted, partner, before, stage, says
):
    walk(hosted, before)
    was, steps = hosted.stage, StageChange.objects.count()
    with translation.override("en"), pytest.raises(services.MoveRefused) as refused:
        services.move_trainees(
            cohort=cohort,
            trainee_ids=[hosted.pk],
            stage=stage,
            date=D(2025, 12, 1),
            user=walls.centre_staff,
            partner=getattr(walls, partner),
        )
    ((trainee, message),) = refused.value.failures
    assert trainee == hosted
    assert says in message
    assert "the institution records the other stages" in message
    hosted.refresh_from_db()
    assert (hosted.stage, StageChange.objects.count()) == (was, steps)


def test_a_partner_follows_the_same_stage_rules_as_everyone(walls, cohort, hosted):
    """Selection is a training centre's stage, but not straight from registration."""
    with translation.override("en"), pytest.raises(services.MoveRefused) as refused:
        services.move_trainees(
            cohort=cohort,
            trainee_ids=[hosted.pk],
            stage=S.SELECTION,
            date=D(2025, 8, 1),
            partner=walls.centre,
        )
    assert "cannot go from “Registered” to “Selection”" in refused.value.failures[0][1]
    hosted.refresh_from_db()
    assert hosted.stage == S.REGISTERED


def test_a_japanese_partner_confirms_arrival_and_return_of_the_trainees_it_hosts_only(
    walls, cohort, hosted, unhosted
):
    walk(hosted, TO_DEPARTURE)
    walk(unhosted, TO_DEPARTURE)
    japanese = walls.japanese
    # Both at once: all or nothing, the trainee it does not host named.
    with translation.override("en"), pytest.raises(services.MoveRefused) as refused:
        services.move_trainees(
            cohort=cohort,
            trainee_ids=[hosted.pk, unhosted.pk],
            stage=S.IN_JAPAN,
            date=D(2025, 10, 1),
            partner=japanese,
        )
    ((trainee, message),) = refused.value.failures
    assert trainee == unhosted
    assert "records only the trainees it hosts" in message
    assert Trainee.objects.filter(stage=S.IN_JAPAN).count() == 0
    # Its own: arrival, then return (which sets the return date, as every move does).
    services.move_trainee(trainee=hosted, stage=S.IN_JAPAN, date=D(2025, 10, 1), partner=japanese)
    services.move_trainee(
        trainee=Trainee.objects.get(pk=hosted.pk),
        stage=S.RETURNED,
        date=D(2026, 10, 1),
        partner=japanese,
        user=walls.host_staff,
    )
    hosted.refresh_from_db()
    assert (hosted.stage, hosted.returned_on) == (S.RETURNED, D(2026, 10, 1))
    last = StageChange.objects.filter(trainee=hosted).latest("date")
    assert (last.partner, last.recorded_by) == (japanese, walls.host_staff)


@pytest.mark.parametrize("forged", ["stranger_centre", "industry_partner"])
def test_a_forged_partner_records_nothing(walls, cohort, hosted, organisation_factory, forged):
    """A training centre the cohort does not name, or a partner of a kind that records no
    stages (an industry), is refused whatever the stage."""
    if forged == "stranger_centre":
        partner = organisation_factory(training_centre=True, name="LPK Lain")
    else:
        partner = organisation_factory(industry=True, name="PT Mitra Industri")
        cohort.partners.add(partner)
    with translation.override("en"), pytest.raises(services.MoveRefused) as refused:
        services.move_trainees(
            cohort=cohort,
            trainee_ids=[hosted.pk],
            stage=S.IN_TRAINING,
            date=D(2025, 8, 1),
            partner=partner,
        )
    assert "is not a partner of this cohort" in refused.value.failures[0][1]
    hosted.refresh_from_db()
    assert hosted.stage == S.REGISTERED


def test_the_rules_say_what_each_partner_may_record_now(walls, cohort, hosted, unhosted):
    assert partners_of(walls.centre_staff, cohort) == [walls.centre]
    assert partners_of(walls.owner, cohort) == []
    assert stages_for(walls.centre, hosted) == [S.IN_TRAINING]
    assert stages_for(walls.japanese, hosted) == []  # registered: nothing of the host's yet
    walk(hosted, TO_DEPARTURE)
    assert stages_for(walls.japanese, hosted) == [S.IN_JAPAN]
    assert stages_for(walls.japanese, unhosted) == []
    assert stages_for(walls.centre, hosted) == []


# 2. The pages: names and stages, the partner's moves, nothing else.


def roster_headers(page):
    table = re.search(r'data-testid="roster">(.*?)</thead>', page, re.S).group(1)
    return len(re.findall(r"<th ", table))


@pytest.mark.parametrize("actor", ["centre_staff", "host_staff"])
def test_a_partner_sees_names_and_stages_only(client, walls, cohort, hosted, actor):
    client.force_login(getattr(walls, actor))
    personal = [
        hosted.nisn,
        hosted.birth_date.isoformat(),
        "Female",
    ]
    with translation.override("en"):
        personal += [
            formats.date_format(hosted.birth_date, "DATE_FORMAT"),
            formats.date_format(hosted.birth_date, "SHORT_DATE_FORMAT"),
        ]
        roster = client.get(en("trainees:cohort-detail", cohort.pk)).content.decode()
        record = client.get(en("trainees:trainee-detail", hosted.pk))
    assert "Rahmat Fiktif" in roster
    # A box to tick, the name and the stage: no home institution, no date.
    assert roster_headers(roster) == 3
    assert [t.name for t in record.templates][0] == "trainees/trainee_partner.html"
    page = record.content.decode()
    assert "Rahmat Fiktif" in page
    assert 'data-testid="stage"' in page
    for value in personal:
        assert value not in roster
        assert value not in page
    # The institution sees the whole record, as before.
    client.force_login(walls.staff)
    with translation.override("en"):
        page = client.get(en("trainees:trainee-detail", hosted.pk)).content.decode()
        assert hosted.nisn in page
        assert formats.date_format(hosted.birth_date, "DATE_FORMAT") in page


@pytest.mark.parametrize("actor", ["centre_staff", "host_staff"])
@pytest.mark.parametrize(
    "name, on",
    [
        ("trainees:trainee-edit", "trainee"),
        ("trainees:trainee-history", "trainee"),
        ("trainees:cohort-export", "cohort"),
        ("trainees:cohort-import", "cohort"),
        ("trainees:trainee-create", "cohort"),
        ("trainees:cohort-edit", "cohort"),
    ],
)
def test_a_partner_neither_edits_nor_exports_nor_imports(
    client, walls, cohort, hosted, actor, name, on
):
    client.force_login(getattr(walls, actor))
    url = reverse(name, args=[hosted.pk if on == "trainee" else cohort.pk])
    response = client.get(url + ("?format=csv" if name.endswith("export") else ""))
    assert response.status_code == 403
    if name == "trainees:cohort-import":
        assert client.post(url, {}).status_code == 403
    assert not DataAccess.objects.exists()  # nothing was opened


def offered(response):
    return [value for value, _label in response.context["move_form"].fields["stage"].choices]


def test_the_bulk_move_offers_each_partner_its_stages(client, walls, cohort, hosted):
    client.force_login(walls.centre_staff)
    response = client.get(cohort.get_absolute_url())
    assert offered(response) == [S.IN_TRAINING, S.SELECTION, S.PASSED, S.NOT_PASSED]
    assert response.context["move_form"]["stage"].value() == S.IN_TRAINING
    client.force_login(walls.host_staff)
    assert offered(client.get(cohort.get_absolute_url())) == [S.IN_JAPAN, S.RETURNED]
    # An institution still moves to every stage.
    client.force_login(walls.staff)
    assert S.PRE_DEPARTURE in offered(client.get(cohort.get_absolute_url()))


def test_a_partner_moves_the_trainees_ticked_with_a_note(client, walls, cohort, hosted, unhosted):
    client.force_login(walls.centre_staff)
    response = client.post(
        reverse("trainees:cohort-move", args=[cohort.pk]),
        {
            "trainee": [hosted.pk, unhosted.pk],
            "stage": S.IN_TRAINING,
            "date": "2025-08-01",
            "note": "Mulai kelas bahasa",
            "partner": walls.centre.pk,
        },
        follow=True,
    )
    assert response.status_code == 200
    steps = StageChange.objects.filter(stage=S.IN_TRAINING)
    assert sorted(s.trainee_id for s in steps) == sorted([hosted.pk, unhosted.pk])
    assert {(s.partner_id, s.recorded_by_id, s.note) for s in steps} == {
        (walls.centre.pk, walls.centre_staff.pk, "Mulai kelas bahasa")
    }


def test_everyone_on_the_page_moves_a_japanese_partners_own_trainees_only(
    client, walls, cohort, hosted, unhosted
):
    walk(hosted, TO_DEPARTURE)
    walk(unhosted, TO_DEPARTURE)
    client.force_login(walls.host_staff)
    client.post(
        reverse("trainees:cohort-move", args=[cohort.pk]),
        {"scope": "page", "page": 1, "stage": S.IN_JAPAN, "date": "2025-10-01"},
    )
    hosted.refresh_from_db()
    unhosted.refresh_from_db()
    assert (hosted.stage, unhosted.stage) == (S.IN_JAPAN, S.DEPARTED)


def forged_posts(walls, cohort, hosted, unhosted, other_cohort_trainee, other_cohort):
    """(actor, url, data, expected status) of requests no page of theirs sends."""
    move = reverse("trainees:cohort-move", args=[cohort.pk])
    day = "2025-08-01"
    return [
        # A stage of the institution's: a clear message, nothing saved.
        ("centre_staff", move, {"trainee": [hosted.pk], "stage": S.WITHDRAWN, "date": day}, 302),
        ("host_staff", move, {"trainee": [hosted.pk], "stage": S.IN_TRAINING, "date": day}, 302),
        # A trainee the Japanese partner does not host, or another cohort's: refused whole.
        ("host_staff", move, {"trainee": [unhosted.pk], "stage": S.IN_JAPAN, "date": day}, 403),
        (
            "centre_staff",
            move,
            {"trainee": [hosted.pk, other_cohort_trainee.pk], "stage": S.IN_TRAINING, "date": day},
            403,
        ),
        # Another cohort, which the centre does not partner: not even there.
        (
            "centre_staff",
            reverse("trainees:cohort-move", args=[other_cohort.pk]),
            {"trainee": [other_cohort_trainee.pk], "stage": S.IN_TRAINING, "date": day},
            404,
        ),
        # On behalf of the other partner of the cohort, which the user does not work for.
        (
            "centre_staff",
            move,
            {
                "trainee": [hosted.pk],
                "stage": S.IN_TRAINING,
                "date": day,
                "partner": walls.japanese.pk,
            },
            403,
        ),
        # One trainee's page: the host's trainee it does not host is not even there.
        (
            "host_staff",
            reverse("trainees:trainee-move", args=[unhosted.pk]),
            {"stage": S.IN_JAPAN, "date": day},
            404,
        ),
        (
            "centre_staff",
            reverse("trainees:trainee-move", args=[hosted.pk]),
            {"stage": S.PRE_DEPARTURE, "date": day},
            302,
        ),
        # Reading is not recording: an official of the province.
        ("official", move, {"trainee": [hosted.pk], "stage": S.IN_TRAINING, "date": day}, 403),
    ]


def test_forged_posts_change_nothing(
    client, walls, cohort, hosted, unhosted, cohort_factory, trainee_factory
):
    other_cohort = cohort_factory(institution=walls.other_school)
    other_cohort_trainee = trainee_factory(cohort=other_cohort)
    before = sorted(Trainee.objects.values_list("pk", "stage", "version"))
    steps = StageChange.objects.count()
    for actor, url, data, status in forged_posts(
        walls, cohort, hosted, unhosted, other_cohort_trainee, other_cohort
    ):
        client.force_login(getattr(walls, actor))
        response = client.post(url, data)
        assert response.status_code == status, (actor, url, data)
    assert sorted(Trainee.objects.values_list("pk", "stage", "version")) == before
    assert StageChange.objects.count() == steps


def test_a_refused_stage_says_what_the_partner_may_record(client, walls, cohort, hosted):
    client.force_login(walls.centre_staff)
    with translation.override("en"):
        response = client.post(
            en("trainees:cohort-move", cohort.pk),
            {"trainee": [hosted.pk], "stage": S.WITHDRAWN, "date": "2025-08-01"},
            follow=True,
        )
    page = response.content.decode()
    assert "Nothing was saved" in page
    assert "A training centre records only the training and selection stages" in page


def test_a_partner_records_one_trainee_and_sees_its_own_moves_only(client, walls, cohort, hosted):
    services.move_trainee(
        trainee=hosted,
        stage=S.IN_TRAINING,
        date=D(2025, 8, 1),
        note="Catatan internal sekolah",
        user=walls.staff,
    )
    client.force_login(walls.centre_staff)
    page = client.get(hosted.get_absolute_url())
    assert [value for value, _label in page.context["move_form"].fields["stage"].choices] == [
        S.SELECTION
    ]
    response = client.post(
        reverse("trainees:trainee-move", args=[hosted.pk]),
        {"stage": S.SELECTION, "date": "2025-09-01", "note": "Lulus tes bahasa N4"},
    )
    assert response.status_code == 302
    hosted.refresh_from_db()
    assert hosted.stage == S.SELECTION
    step = StageChange.objects.get(trainee=hosted, stage=S.SELECTION)
    assert (step.partner, step.recorded_by) == (walls.centre, walls.centre_staff)
    page = client.get(hosted.get_absolute_url()).content.decode()
    assert "Lulus tes bahasa N4" in page
    assert "Catatan internal sekolah" not in page  # the institution's note


def test_the_institution_reads_who_recorded_each_move_for_which_partner(
    client, walls, cohort, hosted
):
    services.move_trainee(
        trainee=hosted,
        stage=S.IN_TRAINING,
        date=D(2025, 8, 1),
        user=walls.centre_staff,
        partner=walls.centre,
    )
    walls.centre_staff.first_name, walls.centre_staff.last_name = "Dewi", "Pelatih"
    walls.centre_staff.save()
    for actor in ("owner", "curator"):
        client.force_login(getattr(walls, actor))
        with translation.override("en"):
            page = client.get(en("trainees:trainee-detail", hosted.pk)).content.decode()
        timeline = re.search(r'data-testid="timeline">(.*?)</ol>', page, re.S).group(1)
        assert "recorded by Dewi Pelatih for LPK Mitra" in re.sub(r"<[^>]+>", "", timeline)


def test_every_look_of_a_partner_is_in_the_access_log(client, walls, cohort, hosted, unhosted):
    client.force_login(walls.host_staff)
    client.get(cohort.get_absolute_url())
    client.get(hosted.get_absolute_url())
    entries = list(DataAccess.objects.order_by("pk"))
    assert [(e.action, e.user_id, e.institution_id, e.cohort_id) for e in entries] == [
        (DataAccess.Action.VIEW_ROSTER, walls.host_staff.pk, walls.school.pk, cohort.pk),
        (DataAccess.Action.VIEW_TRAINEE, walls.host_staff.pk, walls.school.pk, cohort.pk),
    ]
    assert entries[0].count == 1  # the one trainee it hosts, not the cohort
    assert entries[1].trainee_id == hosted.pk


# 3. The head's workspace and the query budgets.


def partner_moved(walls, cohort, trainee_factory, count):
    trainees = [trainee_factory(cohort=cohort) for _ in range(count)]
    services.move_trainees(
        cohort=cohort,
        trainee_ids=[t.pk for t in trainees],
        stage=S.IN_TRAINING,
        date=D(2025, 8, 1),
        user=walls.centre_staff,
        partner=walls.centre,
    )
    return trainees


def test_the_heads_workspace_shows_the_partners_recent_moves(
    client, walls, cohort, trainee_factory
):
    partner_moved(walls, cohort, trainee_factory, 3)
    services.move_trainees(  # the institution's own move is not a partner's update
        cohort=cohort,
        trainee_ids=[trainee_factory(cohort=cohort).pk],
        stage=S.IN_TRAINING,
        date=D(2025, 8, 2),
        user=walls.owner,
    )
    (row,) = recent_partner_moves([walls.school.pk])
    assert (row["partner_name"], row["cohort_id"], row["stage"], row["count"]) == (
        "LPK Mitra",
        cohort.pk,
        S.IN_TRAINING,
        3,
    )
    client.force_login(walls.owner)
    with translation.override("en"):
        page = client.get(en("pages:workspace")).content.decode()
    section = re.search(r'data-testid="partner-moves">(.*?)</ul>', page, re.S).group(1)
    # The partner named as everywhere: an Indonesian name marked so on an English page.
    assert '<span lang="id">LPK Mitra</span> moved 3 trainees to “In training”.' in section
    assert en("trainees:cohort-detail", cohort.pk) in section
    # No trainee's name on the workspace.
    assert "Peserta Fiktif" not in page
    # Another school's head, and the partner itself, see none of it.
    for actor in ("other", "centre_staff"):
        client.force_login(getattr(walls, actor))
        page = client.get(reverse("pages:workspace")).content.decode()
        assert 'data-testid="partner-moves"' not in page
    assert recent_partner_moves([walls.other_school.pk]) == []


def test_the_workspace_lists_the_ten_newest_updates(walls, cohort, trainee_factory):
    trainees = [trainee_factory(cohort=cohort) for _ in range(12)]
    stages = [S.IN_TRAINING, S.SELECTION, S.PASSED]
    for number, trainee in enumerate(trainees):
        for step, stage in enumerate(stages[: 1 + number % 3]):
            services.move_trainee(
                trainee=Trainee.objects.get(pk=trainee.pk),
                stage=stage,
                date=D(2025, 8, 1) + datetime.timedelta(days=number + step),
                partner=walls.centre,
            )
    rows = recent_partner_moves([walls.school.pk])
    assert len(rows) == 10
    assert [r["recorded_at"] for r in rows] == sorted(
        (r["recorded_at"] for r in rows), reverse=True
    )


@pytest.mark.parametrize("rows", [5, 30])
def test_query_budgets_do_not_grow_with_the_trainees(
    client, walls, cohort, trainee_factory, django_assert_max_num_queries, rows
):
    trainees = partner_moved(walls, cohort, trainee_factory, rows)
    client.force_login(walls.centre_staff)
    with django_assert_max_num_queries(14):
        client.get(cohort.get_absolute_url())
    with django_assert_max_num_queries(8):
        client.get(trainees[0].get_absolute_url())
    client.force_login(walls.owner)
    with django_assert_max_num_queries(10):  # 8 today; the workspace grows
        client.get(reverse("pages:workspace"))
    # A partner's bulk move is as many queries for 30 trainees as for 5.
    client.force_login(walls.centre_staff)
    with django_assert_max_num_queries(14):
        client.post(
            reverse("trainees:cohort-move", args=[cohort.pk]),
            {"trainee": [t.pk for t in trainees], "stage": S.SELECTION, "date": "2025-09-01"},
        )
    assert Trainee.objects.filter(stage=S.SELECTION).count() == rows


def test_each_kind_records_only_stages_of_the_way():
    """PARTNER_STAGES never lets a partner register, send off or withdraw a trainee, nor close
    a domestic programme: those stay with the institution."""
    institution_only = {S.REGISTERED, S.PRE_DEPARTURE, S.DEPARTED, S.WITHDRAWN, S.COMPLETED}
    for stages in PARTNER_STAGES.values():
        assert not stages & institution_only


# 5. Deleting and purging: a partner's recorded moves are history that stays with the trainee.


def test_a_partner_that_recorded_moves_is_not_deleted_in_the_admin(
    client, walls, cohort, hosted, user_factory
):
    walk(hosted, TO_DEPARTURE)
    services.move_trainee(
        trainee=hosted, stage=S.IN_JAPAN, date=D(2025, 10, 1), partner=walls.japanese
    )
    client.force_login(user_factory(is_staff=True, is_superuser=True))
    url = en("admin:partnerships_organisation_delete", walls.japanese.pk)
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["protected"]  # Django's page names what holds on to it
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 200  # the same page again, nothing deleted
    walls.japanese.refresh_from_db()
    change = StageChange.objects.get(trainee=hosted, stage=S.IN_JAPAN)
    assert change.partner == walls.japanese


def test_purging_an_expired_trainee_takes_its_partner_moves_and_leaves_the_partner(
    walls, cohort, hosted, unhosted
):
    walk(hosted, TO_DEPARTURE)
    services.move_trainee(
        trainee=hosted, stage=S.IN_JAPAN, date=D(2025, 10, 1), partner=walls.japanese
    )
    services.move_trainee(
        trainee=Trainee.objects.get(pk=hosted.pk),
        stage=S.RETURNED,
        date=D(2025, 12, 1),
        partner=walls.japanese,
    )
    services.move_trainee(trainee=unhosted, stage=S.IN_TRAINING, date=START, partner=walls.centre)
    # Five years and more after the return, with nothing changed since: the record expires.
    Trainee.objects.filter(pk=hosted.pk).update(
        stage_since=D(2019, 3, 1),
        returned_on=D(2019, 3, 1),
        departed_on=D(2016, 1, 1),
        outcome="placed",
        updated_at=datetime.datetime(2019, 3, 1, tzinfo=datetime.UTC),
    )
    assert services.purge_expired_trainees(today=D(2026, 11, 23)) == 1
    assert not StageChange.objects.filter(trainee_id=hosted.pk).exists()
    # The partners, and the other trainee's move recorded by one of them, are untouched.
    walls.japanese.refresh_from_db()
    walls.centre.refresh_from_db()
    assert StageChange.objects.get(trainee=unhosted, stage=S.IN_TRAINING).partner == walls.centre
