"""Agreements: the agreement itself (Agreement, AgreementQuerySet with the derived status
and the search), its parties and signatories (AgreementParty), and where its signed
document is stored."""

import datetime
import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Prefetch, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.models import HistoricalRecords

from partnerships.models.base import (
    NotInFutureConstraint,
    PostgresIndex,
    SearchIndex,
    trigram_index,
)
from partnerships.models.events import Event
from partnerships.models.organisations import Organisation
from partnerships.models.people import Person
from partnerships.models.programmes import Programme
from partnerships.models.sources import Source
from partnerships.validators import validate_pdf
from portal.access import ScopedQuerySet
from portal.concurrency import VersionedModel


def document_upload_to(instance, filename):
    """Stored under a random name: the uploader's file name is never used on disk."""
    return f"agreements/{uuid.uuid4().hex}.pdf"


def agreement_search_document():
    """What the agreement search matches, as indexed by agreement_search_idx: keep the two the
    same expression, or PostgreSQL scans every agreement."""
    return (
        SearchVector("title", weight="A", config="simple")
        + SearchVector("number", weight="A", config="simple")
        + SearchVector("summary", weight="B", config="simple")
    )


class AgreementQuerySet(ScopedQuerySet):
    organisation_path = "parties__organisation"  # an agreement belongs to its parties

    EXPIRING_WITHIN_DAYS = 90

    def with_status(self, today=None):
        """Annotate `status_code`, derived from the dates as of `today` (Jakarta time).

        Keep in step with Agreement.status_on(), which computes the same in Python."""
        today = today or timezone.localdate()
        horizon = today + datetime.timedelta(days=self.EXPIRING_WITHIN_DAYS)
        S = Agreement.Status
        return self.annotate(
            status_code=Case(
                When(terminated_on__lte=today, then=Value(S.TERMINATED)),
                When(signed_on__isnull=True, then=Value(S.DRAFT)),
                When(effective_from__gt=today, then=Value(S.UPCOMING)),
                When(expires_on__lt=today, then=Value(S.EXPIRED)),
                When(expires_on__lte=horizon, then=Value(S.EXPIRING)),
                default=Value(S.ACTIVE),
                output_field=models.CharField(),
            )
        )

    def status_condition(self, statuses, today=None):
        """The same statuses as with_status(), as plain conditions on the dates: PostgreSQL
        estimates these from its statistics and plans with the indexes, where a filter on the
        CASE expression is a guess (it expected 200 agreements in force of 20,000 and found
        8,962, and scanned them all)."""
        today = today or timezone.localdate()
        horizon = today + datetime.timedelta(days=self.EXPIRING_WITHIN_DAYS)
        S = Agreement.Status
        standing = Q(terminated_on__isnull=True) | Q(terminated_on__gt=today)
        started = (Q(effective_from__isnull=True) | Q(effective_from__lte=today)) & Q(
            signed_on__isnull=False
        )
        conditions = {
            S.TERMINATED: Q(terminated_on__lte=today),
            S.DRAFT: standing & Q(signed_on__isnull=True),
            S.UPCOMING: standing & Q(signed_on__isnull=False, effective_from__gt=today),
            S.EXPIRED: standing & started & Q(expires_on__lt=today),
            S.EXPIRING: standing & started & Q(expires_on__gte=today, expires_on__lte=horizon),
            S.ACTIVE: standing & started & (Q(expires_on__isnull=True) | Q(expires_on__gt=horizon)),
        }
        condition = Q(pk__in=[])  # no status, or only unknown ones: nothing
        for status in statuses:
            condition |= conditions.get(status, Q(pk__in=[]))
        return condition

    def with_status_in(self, statuses, today=None):
        return self.with_status(today).filter(self.status_condition(statuses, today))

    def active(self, today=None):
        """In force today: active or expiring soon."""
        return self.with_status_in(Agreement.IN_FORCE, today)

    def expiring(self, within=EXPIRING_WITHIN_DAYS, today=None):
        today = today or timezone.localdate()
        return self.active(today).filter(expires_on__lte=today + datetime.timedelta(days=within))

    def for_province(self, province):
        return self.filter(
            Exists(
                AgreementParty.objects.filter(
                    agreement=OuterRef("pk"), organisation__province=province
                )
            )
        )

    def involving(self, organisation):
        return self.filter(
            Exists(
                AgreementParty.objects.filter(agreement=OuterRef("pk"), organisation=organisation)
            )
        )

    def search(self, text):
        """Full-text search (PostgreSQL) on number, title and summary, or a match on a party's
        name or a signatory.

        Planned as `id IN (own text) OR id IN (parties) OR id IN (signatories)`: each is
        answered by its own index (agreement_search_idx; the trigram indexes on the
        organisations' names, then party_org_agreement_idx; party_signatory_trgm_idx), never by
        scanning every agreement's parties."""
        text = (text or "").strip()[:200]
        if not text:
            return self
        organisations = Organisation.objects.filter(
            Q(name__icontains=text) | Q(short_name__icontains=text)
        )
        by_party = AgreementParty.objects.filter(organisation__in=organisations.values("pk"))
        by_signatory = AgreementParty.objects.filter(signatory_name__icontains=text)
        query = SearchQuery(text, search_type="websearch", config="simple")
        own = Agreement.objects.alias(search_document=agreement_search_document()).filter(
            search_document=query
        )
        return self.filter(
            Q(pk__in=own.values("pk"))
            | Q(pk__in=by_party.values("agreement_id"))
            | Q(pk__in=by_signatory.values("agreement_id"))
        )

    def for_list(self):
        """What list pages and exports show, in a fixed number of queries."""
        return self.select_related("event").prefetch_related(
            "programmes",
            Prefetch(
                "parties",
                queryset=AgreementParty.objects.select_related("organisation__province").order_by(
                    "position", "pk"
                ),
            ),
        )


class Agreement(VersionedModel):
    """An MoU, a cooperation agreement (PKS), a letter of intent or an addendum between two or
    more organisations. Its status is derived from its dates, never stored."""

    class Kind(models.TextChoices):
        MOU = "mou", _("Memorandum of understanding (MoU)")
        COOPERATION = "pks", _("Cooperation agreement (PKS)")
        LETTER_OF_INTENT = "loi", _("Letter of intent")
        ADDENDUM = "addendum", _("Addendum")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft (not signed)")
        UPCOMING = "upcoming", _("Signed, not yet in force")
        ACTIVE = "active", _("Active")
        EXPIRING = "expiring", _("Expiring within 90 days")
        EXPIRED = "expired", _("Expired")
        TERMINATED = "terminated", _("Terminated")

    # Statuses counted together, on the home page and in the list's status filter alike.
    IN_FORCE = [Status.ACTIVE, Status.EXPIRING]
    # Every status but the draft: an agreement with its signing date.
    SIGNED = [Status.UPCOMING, Status.ACTIVE, Status.EXPIRING, Status.EXPIRED, Status.TERMINATED]

    class DatePrecision(models.TextChoices):
        DAY = "day", _("Day")
        MONTH = "month", _("Month")
        YEAR = "year", _("Year only")

    class QuotaPeriod(models.TextChoices):
        YEAR = "year", _("per year")
        TOTAL = "total", _("in total")

    number = models.CharField(
        _("agreement number"), max_length=120, blank=True, help_text=_("As printed on it.")
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    programmes = models.ManyToManyField(
        Programme, blank=True, related_name="agreements", verbose_name=_("programmes")
    )
    summary = models.TextField(_("summary"), blank=True)
    signed_on = models.DateField(
        _("signed on"),
        null=True,
        blank=True,
        help_text=_("When the last party signed. Empty while it is a draft."),
    )
    signed_on_precision = models.CharField(
        _("precision of the signing date"),
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("When a source gives only the year, enter 1 January and choose 'Year only'."),
    )
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    expires_on = models.DateField(
        _("expires on"), null=True, blank=True, help_text=_("Empty means indefinite.")
    )
    auto_renewal = models.BooleanField(_("renews automatically"), default=False)
    quota = models.PositiveIntegerField(
        _("quota (participants)"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(
                1, _("A quota is at least 1. Leave it empty when the source gives none.")
            )
        ],
        help_text=_("E.g. 160."),
    )
    quota_period = models.CharField(
        _("quota period"), max_length=10, choices=QuotaPeriod.choices, blank=True
    )
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    termination_reason = models.TextField(_("reason for termination"), blank=True)
    amends = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name=_("amends"),
        help_text=_("For an addendum: the agreement it amends."),
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("signing event"),
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("source"),
    )
    source_citation = models.CharField(
        _("source citation"),
        max_length=500,
        blank=True,
        help_text=_("A document, archive reference or page, when the source list lacks it."),
    )
    document = models.FileField(
        _("signed document (PDF)"),
        upload_to=document_upload_to,
        blank=True,
        validators=[validate_pdf],
        help_text=_("PDF only, 10 MB at most."),
    )
    document_is_public = models.BooleanField(
        _("document is public"),
        default=False,
        help_text=_(
            "Anyone may download the document. Otherwise only the parties' staff, officials of "
            "their provinces and curators may."
        ),
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()
    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = [F("signed_on").desc(nulls_first=True), "title"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        indexes = [
            # The list's default order and its "year signed" filter.
            models.Index(fields=["-signed_on"], name="agreement_signed_idx"),
            # Status filters and "expiring soon" compare expiry dates.
            models.Index(fields=["expires_on"], name="agreement_expires_idx"),
            # The search box of the list (AgreementQuerySet.search): the exact expression queried.
            SearchIndex(agreement_search_document(), name="agreement_search_idx"),
            # The list's default order and the admin's: newest signed first, drafts last.
            PostgresIndex(
                F("signed_on").desc(nulls_last=True), "title", "id", name="agreement_list_order_idx"
            ),
            # The list sorted by title.
            models.Index(fields=["title", "id"], name="agreement_title_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["number"],
                condition=~Q(number=""),
                name="agreement_number_unique",
                violation_error_code="unique",  # under the number field
                violation_error_message=_("Another agreement already has this number."),
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(effective_from__isnull=True)
                | Q(expires_on__gte=F("effective_from")),
                name="agreement_expires_after_start",
                violation_error_message=_("The expiry date is before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(signed_on__isnull=True)
                | Q(expires_on__gte=F("signed_on")),
                name="agreement_expires_after_signing",
                violation_error_message=_("The expiry date is before the signing date."),
            ),
            models.CheckConstraint(
                condition=Q(terminated_on__isnull=True)
                | Q(signed_on__isnull=False, terminated_on__gte=F("signed_on")),
                name="agreement_terminated_after_signing",
                violation_error_message=_(
                    "Only a signed agreement can be terminated, on or after its signing date."
                ),
            ),
            NotInFutureConstraint(
                field="signed_on",
                name="agreement_signed_not_in_future",
                violation_error_message=_("The signing date is in the future."),
            ),
            models.CheckConstraint(
                condition=Q(kind="addendum", amends__isnull=False)
                | (~Q(kind="addendum") & Q(amends__isnull=True)),
                name="agreement_addendum_amends",
                violation_error_message=_(
                    "An addendum names the agreement it amends; other kinds do not."
                ),
            ),
            models.CheckConstraint(
                condition=Q(quota__isnull=True, quota_period="")
                | Q(quota__isnull=False, quota__gt=0) & ~Q(quota_period=""),
                name="agreement_quota_with_period",
                violation_error_message=_("Give a quota above zero together with its period."),
            ),
            models.CheckConstraint(
                condition=Q(verified_at__isnull=True) | Q(verified_by__isnull=False),
                name="agreement_verified_by_someone",
                violation_error_message=_("A verification names the curator who made it."),
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}".strip() if self.number else self.title

    def get_absolute_url(self):
        return reverse("partnerships:agreement-detail", args=[self.pk])

    def status_on(self, today):
        """The status on a given day; the same rules as AgreementQuerySet.with_status()."""
        S = self.Status
        if self.terminated_on and self.terminated_on <= today:
            return S.TERMINATED
        if not self.signed_on:
            return S.DRAFT
        if self.effective_from and self.effective_from > today:
            return S.UPCOMING
        if self.expires_on and self.expires_on < today:
            return S.EXPIRED
        horizon = today + datetime.timedelta(days=AgreementQuerySet.EXPIRING_WITHIN_DAYS)
        if self.expires_on and self.expires_on <= horizon:
            return S.EXPIRING
        return S.ACTIVE

    @property
    def status(self):
        code = getattr(self, "status_code", None) or self.status_on(timezone.localdate())
        return self.Status(code)

    @property
    def is_verified(self):
        return self.verified_at is not None

    def clean(self):
        super().clean()
        errors = {}
        today = timezone.localdate()
        if self.signed_on and self.signed_on > today:
            errors["signed_on"] = _("The signing date %(date)s is in the future.") % {
                "date": self.signed_on
            }
        if self.expires_on and self.effective_from and self.expires_on < self.effective_from:
            errors["expires_on"] = _("The expiry date is before the start date.")
        elif self.expires_on and self.signed_on and self.expires_on < self.signed_on:
            errors["expires_on"] = _("The expiry date is before the signing date.")
        if self.terminated_on and not self.signed_on:
            errors["terminated_on"] = _("Only a signed agreement can be terminated.")
        elif self.terminated_on and self.terminated_on < self.signed_on:
            errors["terminated_on"] = _("The termination date is before the signing date.")
        if self.terminated_on and not self.termination_reason.strip():
            errors["termination_reason"] = _("Say why the agreement was terminated.")
        if self.kind == self.Kind.ADDENDUM and not self.amends_id:
            errors["amends"] = _("Choose the agreement this addendum amends.")
        if self.kind != self.Kind.ADDENDUM and self.amends_id:
            errors["amends"] = _("Only an addendum amends another agreement.")
        if self.amends_id and self.amends_id == self.pk:
            errors["amends"] = _("An agreement cannot amend itself.")
        if (self.quota is None) != (not self.quota_period):
            errors["quota_period"] = _("Give the quota and its period together.")
        if errors:
            raise ValidationError(errors)


class AgreementParty(models.Model):
    """An organisation's place in an agreement, and who signed for it, when and where."""

    class Role(models.TextChoices):
        FIRST = "first", _("First party")
        SECOND = "second", _("Second party")
        THIRD = "third", _("Third party")
        PARTY = "party", _("Party")
        WITNESS = "witness", _("Witness")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="parties", verbose_name=_("agreement")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="agreement_parties",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signatures",
        verbose_name=_("signatory (person)"),
    )
    signatory_name = models.CharField(_("signatory"), max_length=200, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=200, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_at_place = models.CharField(_("place of signing"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "position", "pk"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        indexes = [
            # Organisation pages list the agreements an organisation is party to.
            models.Index(fields=["organisation", "agreement"], name="party_org_agreement_idx"),
            # The agreement search matches a signatory's name (AgreementQuerySet.search).
            trigram_index("signatory_name", "party_signatory_trgm_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organisation"],
                name="party_once_per_agreement",
                violation_error_message=_("This organisation is already a party."),
            ),
            NotInFutureConstraint(
                field="signed_on",
                name="party_signed_not_in_future",
                violation_error_message=_("The signature is dated in the future."),
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.organisation}"

    def clean(self):
        super().clean()
        if self.signed_on and self.signed_on > timezone.localdate():
            raise ValidationError(
                {
                    "signed_on": _("The signature date %(date)s is in the future.")
                    % {"date": self.signed_on}
                }
            )
        if self.person_id and not self.signatory_name:
            self.signatory_name = self.person.name


def quota_phrase(quota, period):
    """An agreement's quota as one counted phrase in the active language ("160 participants a
    year", "年間160人"): the page, the exports and the reports say it the same way, and no
    template glues number and period together. "" when the source gives no quota."""
    if quota is None:
        return ""
    if period == Agreement.QuotaPeriod.YEAR:
        text = ngettext("%(quota)s participant a year", "%(quota)s participants a year", quota)
    else:
        text = ngettext("%(quota)s participant in total", "%(quota)s participants in total", quota)
    return text % {"quota": localize(quota)}
