"""Cohorts and trainees, and each trainee's way from enrolment to departure and return.

Trainees are often minors: every query that reaches them goes through
`Trainee.objects.visible_to(user)` (their institution and curators only; officials read cohort
totals, never names), and no name or NISN ever appears in a URL or a log.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal import disclosure
from portal.access import ScopedQuerySet
from portal.concurrency import VersionedModel
from trainees.fields import clean_birth_date, clean_nisn, record_errors


class Stage(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    IN_TRAINING = "in_training", _("In training")
    SELECTION = "selection", _("Selection")
    PASSED = "passed", _("Passed")
    NOT_PASSED = "not_passed", _("Not passed")
    PRE_DEPARTURE = "pre_departure", _("Pre-departure")
    DEPARTED = "departed", _("Departed")
    IN_JAPAN = "in_japan", _("In Japan")
    RETURNED = "returned", _("Returned")
    COMPLETED = "completed", _("Completed the programme")
    WITHDRAWN = "withdrawn", _("Withdrawn")


S = Stage
# The moves a trainee may make. Withdrawal is possible from every stage that is not final.
# A domestic programme (an industry class, a placement at home) ends when the trainee completes
# it, after training or after its selection; a programme in Japan ends with the return.
NEXT_STAGES = {
    S.REGISTERED: [S.IN_TRAINING],
    S.IN_TRAINING: [S.SELECTION, S.COMPLETED],
    S.SELECTION: [S.PASSED, S.NOT_PASSED],
    S.NOT_PASSED: [S.SELECTION, S.COMPLETED],  # a second try at the next selection
    S.PASSED: [S.PRE_DEPARTURE, S.COMPLETED],
    S.PRE_DEPARTURE: [S.DEPARTED],
    S.DEPARTED: [S.IN_JAPAN],
    S.IN_JAPAN: [S.RETURNED],
    S.RETURNED: [],
    S.COMPLETED: [],
    S.WITHDRAWN: [],
}
# Where a trainee's way ends. Only there is an outcome recorded (trainee_outcome_at_final_stage),
# and only there, five years on, is the record deleted (trainees.services.expired_trainees).
FINAL_STAGES = {S.RETURNED, S.COMPLETED, S.WITHDRAWN}
for _stage, _next in NEXT_STAGES.items():
    if _stage not in FINAL_STAGES:
        _next.append(S.WITHDRAWN)
# Stages a domestic programme stops at: its trainees do not go to Japan.
JAPAN_STAGES = {S.PRE_DEPARTURE, S.DEPARTED, S.IN_JAPAN, S.RETURNED}
# Stages of domestic programmes only: a programme in Japan ends with the return.
DOMESTIC_STAGES = {S.COMPLETED}
# The funnel, in order: how many trainees reached each stage.
FUNNEL = [S.REGISTERED, S.IN_TRAINING, S.SELECTION, S.PASSED, S.PRE_DEPARTURE, S.DEPARTED]


def allowed_moves(stage, domestic=False):
    excluded = JAPAN_STAGES if domestic else DOMESTIC_STAGES
    return [s for s in NEXT_STAGES[Stage(stage)] if s not in excluded]


class CohortQuerySet(ScopedQuerySet):
    organisation_path = "institution"  # a cohort belongs to the institution that runs it
    reader_paths = [("partners", {})]  # its partners read it (and its totals)

    def with_totals(self):
        """Counts by current stage, computed in the database."""
        trainees = "trainees__"
        totals = {
            f"count_{stage}": Count("trainees", filter=Q(**{f"{trainees}stage": stage}))
            for stage in Stage.values
        }
        return self.annotate(
            trainee_count=Count("trainees"),
            placed_count=Count("trainees", filter=Q(trainees__outcome="placed")),
            outcome_count=Count("trainees", filter=~Q(trainees__outcome="")),
            **totals,
        )


class Cohort(VersionedModel):
    """A group of trainees an institution runs for a programme, with its partners."""

    name = models.CharField(
        _("name"), max_length=200, help_text=_("E.g. “Kelas Industri Jepang 2025”.")
    )
    institution = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        related_name="cohorts",
        verbose_name=_("run by"),
        help_text=_("The school, training centre or association of schools that runs it."),
    )
    programme = models.ForeignKey(
        "partnerships.Programme",
        on_delete=models.PROTECT,
        related_name="cohorts",
        verbose_name=_("programme"),
    )
    partners = models.ManyToManyField(
        "partnerships.Organisation",
        blank=True,
        related_name="partner_cohorts",
        verbose_name=_("partners"),
        help_text=_("Training centres and Japanese partners that train or receive the cohort."),
    )
    agreements = models.ManyToManyField(
        "partnerships.Agreement",
        blank=True,
        related_name="cohorts",
        verbose_name=_("agreements"),
        help_text=_("The agreements the cohort runs under."),
    )
    intake_year = models.PositiveSmallIntegerField(
        _("intake year"),
        validators=[
            MinValueValidator(1990, _("The intake year cannot be before 1990.")),
            MaxValueValidator(2100, _("The intake year cannot be after 2100.")),
        ],
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    planned_size = models.PositiveIntegerField(_("planned size"), null=True, blank=True)
    target_departure = models.DateField(
        _("target departure"),
        null=True,
        blank=True,
        help_text=_("For programmes in Japan: when the cohort is expected to leave."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()
    objects = CohortQuerySet.as_manager()

    class Meta:
        ordering = ["-intake_year", "name"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        indexes = [
            # The cohort list's and the admin's order (newest intake first, then name): a page
            # of cohorts is read in order instead of sorting every cohort.
            models.Index(F("intake_year").desc(), "name", "id", name="cohort_list_order_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(intake_year__gte=1990, intake_year__lte=2100),
                name="cohort_intake_year_plausible",
                violation_error_message=_("The intake year must lie between 1990 and 2100."),
            ),
            models.CheckConstraint(
                condition=Q(target_departure__isnull=True)
                | Q(start_date__isnull=True)
                | Q(target_departure__gte=models.F("start_date")),
                name="cohort_departure_after_start",
                violation_error_message=_("The departure cannot come before the start."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.intake_year})"

    def get_absolute_url(self):
        return reverse("trainees:cohort-detail", args=[self.pk])

    @property
    def is_domestic(self):
        return self.programme.is_domestic

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.target_departure and self.target_departure < self.start_date:
            errors["target_departure"] = _("The departure cannot come before the start.")
        if self.institution_id and self.institution.kind not in INSTITUTION_KINDS:
            errors["institution"] = _(
                "A cohort is run by a school, a training centre or an association of schools."
            )
        if errors:
            raise ValidationError(errors)


INSTITUTION_KINDS = {"school", "training_centre", "association"}


class TraineeQuerySet(ScopedQuerySet):
    organisation_path = "cohort__institution"  # the cohort's institution keeps the record
    officials_see = False  # personal data: officials read totals, never names
    reader_paths = [
        # The training centres that train the cohort read its whole roster...
        ("cohort__partners", {"kind": "training_centre"}),
        # ...a Japanese partner only the trainees it hosts.
        ("host_organisation", {}),
    ]


OUTCOME_AT_FINAL_STAGE = _(
    "An outcome is recorded only for a trainee who has completed the programme, returned or "
    "withdrawn."
)


def new_record_key():
    """A trainee's record key for the published statistics (portal.disclosure): random, drawn
    once, never shown."""
    return secrets.randbelow(disclosure.KEY_SPACE)


class Trainee(VersionedModel):
    class Sex(models.TextChoices):
        FEMALE = "F", _("Female")
        MALE = "M", _("Male")

    class Language(models.TextChoices):
        NONE = "", _("No test yet")
        N5 = "N5", "JLPT N5"
        N4 = "N4", "JLPT N4"
        N3 = "N3", "JLPT N3"
        N2 = "N2", "JLPT N2"
        N1 = "N1", "JLPT N1"
        JFT = "JFT", "JFT-Basic (A2)"

    class Outcome(models.TextChoices):
        NONE = "", _("Not known yet")
        PLACED = "placed", _("Placed in industry")
        ENTREPRENEUR = "entrepreneur", _("Entrepreneur")
        STUDY = "study", _("Further study")
        NOT_WORKING = "not_working", _("Not yet working")

    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.PROTECT,
        related_name="trainees",
        verbose_name=_("cohort"),
        # trainee_cohort_stage_idx and trainee_cohort_name_idx lead with the cohort: a third
        # index on it alone was 2 MB more to write at each import for nothing.
        db_index=False,
    )
    full_name = models.CharField(_("full name"), max_length=200)
    nisn = models.CharField(  # NULL, not "": unique only when given
        _("NISN"),
        max_length=10,
        null=True,
        blank=True,
        unique=True,
        validators=[clean_nisn],  # the rules of a trainee's fields: trainees.fields
        help_text=_("The national student number: 10 digits. Leave empty if unknown."),
    )
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("date of birth"), validators=[clean_birth_date])
    home_institution = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        related_name="home_trainees",
        verbose_name=_("home institution"),
        help_text=_("The school or training centre the trainee comes from."),
    )
    language_level = models.CharField(
        _("Japanese level"), max_length=3, choices=Language.choices, blank=True
    )
    occupation = models.CharField(
        _("occupation field"),
        max_length=100,
        blank=True,
        help_text=_("E.g. welding, caregiving, agriculture, food processing."),
    )
    host_organisation = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_trainees",
        verbose_name=_("host in Japan"),
    )
    prefecture = models.ForeignKey(
        "portal.Prefecture",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trainees",
        verbose_name=_("prefecture"),
    )
    outcome = models.CharField(
        _("outcome"),
        max_length=20,
        choices=Outcome.choices,
        blank=True,
        help_text=_(
            "Once the trainee has completed the programme (or returned, or withdrawn): what "
            "they do now."
        ),
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.REGISTERED, editable=False
    )
    stage_since = models.DateField(
        _("in this stage since"), default=timezone.localdate, editable=False
    )
    departed_on = models.DateField(_("departed on"), null=True, blank=True, editable=False)
    returned_on = models.DateField(_("returned on"), null=True, blank=True, editable=False)
    # The published counts of trainees are protected with it (portal.disclosure): a number
    # nobody sees or changes, kept out of the history, the admin and every export.
    record_key = models.PositiveIntegerField(
        _("record key"), default=new_record_key, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["record_key"])
    objects = TraineeQuerySet.as_manager()

    class Meta:
        ordering = ["full_name", "pk"]
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        indexes = [
            # Cohort totals by stage (CohortQuerySet.with_totals) and the roster's filters.
            models.Index(fields=["cohort", "stage"], name="trainee_cohort_stage_idx"),
            # The admin's trainee list and the rosters sort by name.
            models.Index(fields=["full_name", "id"], name="trainee_name_idx"),
            # The cohort roster, a page at a time in name order.
            models.Index(fields=["cohort", "full_name", "id"], name="trainee_cohort_name_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(nisn__isnull=True) | Q(nisn__regex=r"^[0-9]{10}$"),
                name="trainee_nisn_ten_digits",
                violation_error_message=_("The NISN has exactly 10 digits."),
            ),
            models.CheckConstraint(
                condition=Q(returned_on__isnull=True)
                | Q(departed_on__isnull=False, returned_on__gte=models.F("departed_on")),
                name="trainee_returns_after_departure",
                violation_error_message=_("A return needs a departure, and cannot come before it."),
            ),
            models.CheckConstraint(
                condition=Q(record_key__gte=0, record_key__lt=disclosure.KEY_SPACE),
                name="trainee_record_key_range",
                violation_error_message=_("The record key lies outside its range."),
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(stage__in=sorted(FINAL_STAGES)),
                name="trainee_outcome_at_final_stage",
                violation_error_message=OUTCOME_AT_FINAL_STAGE,
            ),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("trainees:trainee-detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.nisn == "":
            self.nisn = None
        # The home institution, the host and the outcome, by the rules of trainees.fields.
        errors = record_errors(self)
        if errors:
            raise ValidationError(errors)


def check_move(trainee, stage, date):
    """Raise ValidationError when `trainee` may not move to `stage` on `date`."""
    if stage not in Stage.values:
        raise ValidationError(_("Unknown stage “%(stage)s”.") % {"stage": stage})
    if date > timezone.localdate():
        raise ValidationError(_("The date %(date)s is in the future.") % {"date": date})
    if date < trainee.stage_since:
        raise ValidationError(
            _(
                "The date %(date)s is before the trainee's last change (%(since)s): "
                "dates never run backwards."
            )
            % {"date": date, "since": trainee.stage_since}
        )
    allowed = allowed_moves(trainee.stage, domestic=trainee.cohort.is_domestic)
    if stage not in allowed:
        raise ValidationError(
            _("A trainee cannot go from “%(from)s” to “%(to)s”. Possible next stages: %(next)s.")
            % {
                "from": Stage(trainee.stage).label,
                "to": Stage(stage).label,
                "next": ", ".join(str(Stage(s).label) for s in allowed) or _("none"),
            }
        )


class StageChange(models.Model):
    """One step of a trainee's way: the stage, its date, a note and who recorded it."""

    trainee = models.ForeignKey(
        Trainee,
        on_delete=models.CASCADE,
        related_name="stage_changes",
        verbose_name=_("trainee"),
        # stagechange_trainee_date_idx leads with the trainee and answers the same lookups: the
        # index on trainee_id alone was 17 MB of 1.6 million rows at national scale.
        db_index=False,
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    # The cohort's partner (a training centre, a Japanese host) on whose behalf the move was
    # recorded (trainees.partners); empty for the institution's own moves. PROTECT, as for a
    # trainee's host: the history keeps saying which partner recorded what, so an organisation
    # with recorded moves is merged or kept, never deleted from under them.
    partner = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded for the partner"),
        # Most moves are the institution's own (NULL here): stagechange_partner_recent_idx
        # holds the partners' rows only, and answers the deletion check of an organisation.
        db_index=False,
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["trainee", "date", "pk"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        indexes = [
            models.Index(fields=["trainee", "date"], name="stagechange_trainee_date_idx"),
            # The head's workspace, "Recent partner updates" (trainees.selectors): the partners'
            # recent moves, newest first. Partial: the institutions' own moves, most of the
            # table, are not in it.
            models.Index(
                F("recorded_at").desc(),
                "partner",
                name="stagechange_partner_recent_idx",
                condition=Q(partner__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.get_stage_display()} ({self.date})"


class DataAccess(models.Model):
    """One look at trainees' personal data: who opened a trainee's record, a roster, a roster
    export or an import, when, from which account (UU No. 27/2022 asks a controller to account
    for the processing of personal data).

    Read by the heads of the institution whose trainees they are and by curators; never changed:
    the database refuses an UPDATE, and a DELETE of an entry younger than RETENTION_DAYS (see
    migration 0006), so that nobody, the portal's own code included, can rewrite or remove what
    happened. Entries point to their account, institution, cohort and trainee without foreign
    key constraints: the entry outlives them (a purged trainee, a deleted account), and keeps
    the username it was made with."""

    RETENTION_DAYS = 365  # the migration's trigger says the same

    class Action(models.TextChoices):
        VIEW_TRAINEE = "view_trainee", _("Opened a trainee's record")
        EDIT_TRAINEE = "edit_trainee", _("Opened a trainee's record to change it")
        TRAINEE_HISTORY = "trainee_history", _("Opened a trainee's history")
        VIEW_ROSTER = "view_roster", _("Opened a page of a cohort's roster")
        EXPORT_ROSTER = "export_roster", _("Downloaded a cohort's roster")
        CHECK_IMPORT = "check_import", _("Checked a roster file for import")
        IMPORT_ROSTER = "import_roster", _("Imported a roster")
        ADMIN_LIST = "admin_list", _("Listed trainees in the curation pages")
        ADMIN_RECORD = "admin_record", _("Opened a trainee's record in the curation pages")
        PURGE = "purge", _("Deleted records at the end of their retention")

    at = models.DateTimeField(_("when"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # the indexes below lead with the ones that are searched
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )
    username = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("what"), max_length=20, choices=Action.choices)
    institution = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # the indexes below lead with the ones that are searched
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("institution"),
        help_text=_("The institution whose trainees' data it was."),
    )
    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # the indexes below lead with the ones that are searched
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cohort"),
    )
    trainee = models.ForeignKey(
        Trainee,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # the indexes below lead with the ones that are searched
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("trainee"),
    )
    count = models.PositiveIntegerField(_("trainees concerned"), default=1)
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access to trainees' data")
        verbose_name_plural = _("accesses to trainees' data")
        default_permissions = ["view"]  # nobody adds, changes or deletes an entry by hand
        indexes = [
            # The head's page: their institution's entries, newest first.
            models.Index(F("institution"), F("at").desc(), name="dataaccess_institution_idx"),
            # The curators' list (newest first) and the yearly purge (oldest).
            models.Index(F("at").desc(), name="dataaccess_at_idx"),
            # "What did this account open?" in the curators' list.
            models.Index(F("user"), F("at").desc(), name="dataaccess_user_idx"),
        ]

    def __str__(self):
        return f"{self.username or '-'} · {self.get_action_display()} · {self.at:%Y-%m-%d %H:%M}"
