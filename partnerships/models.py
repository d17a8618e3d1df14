import datetime
import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import connection, models
from django.db.models import Case, Exists, F, OuterRef, Prefetch, Q, Value, When
from django.db.models.functions import Lower, Now, Upper
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerships.validators import validate_pdf
from portal.access import ScopedQuerySet
from portal.concurrency import VersionedModel
from portal.models import Prefecture, Province, Regency


class PostgresIndex(models.Index):
    """An index only PostgreSQL builds (NULLS LAST, GIN). SQLite (`make run`) scans instead:
    there the index is a plain one on the primary key under the same name, so that migrations
    run on both."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return schema_editor._create_index_sql(model, fields=[model._meta.pk], name=self.name)
        return super().create_sql(model, schema_editor, using=using, **kwargs)


class SearchIndex(PostgresIndex):
    """A GIN index for PostgreSQL's full-text search, or with `trigram=True` for its trigram
    matches (pg_trgm's gin_trgm_ops, which django.contrib.postgres's OpClass would render only
    with that app installed)."""

    def __init__(self, *expressions, trigram=False, **kwargs):
        self.trigram = trigram
        super().__init__(*expressions, **kwargs)

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        if self.trigram:
            kwargs["trigram"] = True
        return path, args, kwargs

    def create_sql(self, model, schema_editor, using="", **kwargs):
        statement = super().create_sql(model, schema_editor, using=" USING gin", **kwargs)
        if self.trigram and schema_editor.connection.vendor == "postgresql":
            statement.parts["columns"] = f"{statement.parts['columns']} gin_trgm_ops"
        return statement


def trigram_index(field, name):
    """For `field__icontains` (PostgreSQL compares UPPER(field) LIKE UPPER('%text%'))."""
    return SearchIndex(Upper(field), trigram=True, name=name)


class OrganisationQuerySet(ScopedQuerySet):
    organisation_path = ""  # an organisation belongs to itself

    def with_places(self):
        return self.select_related("province", "regency", "prefecture")

    def of_kind(self, kind):
        return self.filter(kind=kind)

    def in_province(self, province):
        return self.filter(province=province)

    def search(self, text):
        """Case-insensitive match on names, short names, the Japanese name, NPSN or regency."""
        text = (text or "").strip()
        if not text:
            return self
        query = Q()
        for word in text.split()[:8]:
            query &= (
                Q(name__icontains=word)
                | Q(short_name__icontains=word)
                | Q(name_ja__icontains=word)
                | Q(npsn=word)
                | Q(regency__name__icontains=word)
                | Q(prefecture__name__icontains=word)
            )
        return self.filter(query)


# Which categories each kind admits; the database checks it too
# (constraint organisation_category_matches_kind).
CATEGORIES_BY_KIND = {
    "school": ["smk"],
    "training_centre": ["blk", "bbpvp", "lpk", "lpk_so"],
    "japanese_partner": ["company", "supervising", "foundation", "prefectural"],
    "government": ["national", "provincial", "regency"],
    "association": ["association", "forum"],
    "industry": ["company"],
}
CATEGORY_MATCHES_KIND = Q()
for _kind, _categories in CATEGORIES_BY_KIND.items():
    CATEGORY_MATCHES_KIND |= Q(kind=_kind, category__in=_categories)


class Organisation(VersionedModel):
    """Any party to an agreement: one registry, so that an agreement names any party with a plain
    foreign key. Kind-specific fields stay empty for the other kinds; the constraints below make
    the database refuse a field that does not belong to the kind."""

    class Kind(models.TextChoices):
        SCHOOL = "school", _("School (SMK)")
        TRAINING_CENTRE = "training_centre", _("Training centre")
        JAPANESE_PARTNER = "japanese_partner", _("Japanese partner")
        GOVERNMENT = "government", _("Government body")
        ASSOCIATION = "association", _("Association")
        INDUSTRY = "industry", _("Industry")

    class Category(models.TextChoices):
        SMK = "smk", _("SMK")
        BLK = "blk", _("BLK")
        BBPVP = "bbpvp", _("BBPVP")
        LPK = "lpk", _("LPK")
        LPK_SO = "lpk_so", _("LPK-SO (sending organisation)")
        COMPANY = "company", _("Company")
        SUPERVISING_ORGANISATION = "supervising", _("Supervising organisation (cooperative)")
        PUBLIC_FOUNDATION = "foundation", _("Public foundation")
        PREFECTURAL_GOVERNMENT = "prefectural", _("Prefectural government")
        NATIONAL = "national", _("National government")
        PROVINCIAL = "provincial", _("Provincial government")
        REGENCY = "regency", _("Regency or city government")
        ASSOCIATION = "association", _("Association")
        FORUM = "forum", _("Forum")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(
        _("short name"), max_length=50, blank=True, help_text=_("For example Kemnaker or AP2LN.")
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        verbose_name=_("part of"),
        help_text=_("The body this one belongs to, e.g. a BBPVP under the Ministry of Manpower."),
    )
    members = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="associations",
        verbose_name=_("members"),
        help_text=_("Only for associations: the organisations that make it up."),
    )
    # NULL, not "", for "no NPSN": the unique constraint must let many non-schools go without.
    npsn = models.CharField(  # noqa: DJ001
        _("NPSN"),
        max_length=8,
        null=True,
        blank=True,
        help_text=_("The school's national number: 8 digits."),
    )
    licence_number = models.CharField(
        _("licence number"),
        max_length=100,
        blank=True,
        help_text=_("Training centres: the operating licence (izin) number."),
    )
    name_ja = models.CharField(_("Japanese name"), max_length=200, blank=True)
    prefecture = models.ForeignKey(
        Prefecture,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("Japanese prefecture"),
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("province"),
    )
    regency = models.ForeignKey(
        Regency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("regency or city"),
    )
    address = models.TextField(_("address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("contact email"), blank=True)
    phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_demo = models.BooleanField(
        _("demo data"),
        default=False,
        help_text=_("Set when some of this record (e.g. an NPSN) was invented for the demo."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [
            # Directory filters: kind within a province, and the province page.
            models.Index(fields=["province", "kind"], name="org_province_kind_idx"),
            # Home page "latest additions".
            models.Index(fields=["-created_at"], name="org_created_idx"),
            # The agreement search matches a party's name or short name (AgreementQuerySet.search).
            trigram_index("name", "org_name_trgm_idx"),
            trigram_index("short_name", "org_short_name_trgm_idx"),
            # The directory's default order and the admin's (ORDER BY name, id); the unique
            # constraint's index is on LOWER(name) and cannot serve it.
            models.Index(fields=["name", "id"], name="org_name_idx"),
            # The directory's sort by province, then name.
            models.Index(fields=["province", "name"], name="org_province_name_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="organisation_name_unique_ci",
                violation_error_message=_(
                    "An organisation with this name is already registered. "
                    "Open it instead of adding it twice."
                ),
            ),
            models.UniqueConstraint(
                fields=["npsn"],
                name="organisation_npsn_unique",
                # "unique" puts the message under the NPSN field rather than above the form.
                violation_error_code="unique",
                violation_error_message=_(
                    "Another school already has this NPSN. Check the number: "
                    "every school has its own."
                ),
            ),
            models.CheckConstraint(
                condition=Q(npsn__isnull=True) | Q(kind="school", npsn__regex=r"^[0-9]{8}$"),
                name="organisation_npsn_school_8_digits",
                violation_error_message=_("An NPSN is 8 digits and belongs to a school only."),
            ),
            models.CheckConstraint(
                condition=CATEGORY_MATCHES_KIND,
                name="organisation_category_matches_kind",
                violation_error_message=_("This category does not belong to this kind."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="japanese_partner",
                        prefecture__isnull=False,
                        province__isnull=True,
                        regency__isnull=True,
                    )
                    | (
                        ~Q(kind="japanese_partner")
                        & Q(prefecture__isnull=True, province__isnull=False)
                    )
                ),
                name="organisation_place_matches_kind",
                violation_error_message=_(
                    "A Japanese partner has a Japanese prefecture and no Indonesian province; "
                    "every other organisation has an Indonesian province and no prefecture."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind="japanese_partner") | Q(name_ja=""),
                name="organisation_name_ja_japanese_only",
                violation_error_message=_("Only Japanese partners have a Japanese name."),
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="organisation_name_not_empty",
                violation_error_message=_("Give the organisation's name."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnerships:organisation-detail", args=[self.slug])

    @property
    def place(self):
        """The most precise place known, for lists: regency, province or prefecture."""
        return self.regency or self.province or self.prefecture

    def clean(self):
        super().clean()
        errors = {}
        allowed = CATEGORIES_BY_KIND.get(self.kind, [])
        if self.kind and self.category and self.category not in allowed:
            errors["category"] = _("For this kind choose one of: %(choices)s.") % {
                "choices": ", ".join(str(self.Category(c).label) for c in allowed)
            }
        if self.npsn and self.kind != self.Kind.SCHOOL:
            errors["npsn"] = _("Only schools have an NPSN. Leave it empty.")
        elif self.npsn and not (self.npsn.isdigit() and len(self.npsn) == 8):
            errors["npsn"] = _("An NPSN is exactly 8 digits, e.g. 10700123.")
        if self.kind == self.Kind.JAPANESE_PARTNER:
            if not self.prefecture_id:
                errors["prefecture"] = _("Choose the Japanese prefecture of this partner.")
            if self.province_id or self.regency_id:
                errors["province"] = _("A Japanese partner has no Indonesian province or regency.")
        else:
            if self.kind and not self.province_id:
                errors["province"] = _("Choose the province.")
            if self.prefecture_id:
                errors["prefecture"] = _("Only Japanese partners have a Japanese prefecture.")
            if self.name_ja:
                errors["name_ja"] = _("Only Japanese partners have a Japanese name.")
        if self.regency_id and self.province_id and self.regency.province_id != self.province_id:
            errors["regency"] = _("%(regency)s is not in %(province)s.") % {
                "regency": self.regency,
                "province": self.province,
            }
        if self.parent_id and self.parent_id == self.pk:
            errors["parent"] = _("An organisation cannot be part of itself.")
        if errors:
            raise ValidationError(errors)


class KindManager(models.Manager):
    """Manager of a proxy model: only the organisations of one kind."""

    def __init__(self, kind):
        super().__init__()
        self.kind = kind

    def get_queryset(self):
        return OrganisationQuerySet(self.model, using=self._db).filter(kind=self.kind)


class School(Organisation):
    KIND = Organisation.Kind.SCHOOL
    objects = KindManager(KIND)

    class Meta:
        proxy = True
        verbose_name = _("school (SMK)")
        verbose_name_plural = _("schools (SMK)")


class TrainingCentre(Organisation):
    KIND = Organisation.Kind.TRAINING_CENTRE
    objects = KindManager(KIND)

    class Meta:
        proxy = True
        verbose_name = _("training centre")
        verbose_name_plural = _("training centres")


class JapanesePartner(Organisation):
    KIND = Organisation.Kind.JAPANESE_PARTNER
    objects = KindManager(KIND)

    class Meta:
        proxy = True
        verbose_name = _("Japanese partner")
        verbose_name_plural = _("Japanese partners")


class GovernmentBody(Organisation):
    KIND = Organisation.Kind.GOVERNMENT
    objects = KindManager(KIND)

    class Meta:
        proxy = True
        verbose_name = _("government body")
        verbose_name_plural = _("government bodies")


class Association(Organisation):
    KIND = Organisation.Kind.ASSOCIATION
    objects = KindManager(KIND)

    class Meta:
        proxy = True
        verbose_name = _("association")
        verbose_name_plural = _("associations")


class Industry(Organisation):
    KIND = Organisation.Kind.INDUSTRY
    objects = KindManager(KIND)

    class Meta:
        proxy = True
        verbose_name = _("industry")
        verbose_name_plural = _("industries")


class Source(models.Model):
    """Where a fact is known from: a news article, a press release, a document."""

    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200)
    published_on = models.DateField(_("published on"))
    url = models.URLField(_("address (URL)"), blank=True, max_length=500)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-published_on", "title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.UniqueConstraint(
                fields=["publisher", "title"],
                name="source_publisher_title_unique",
                violation_error_message=_("This article is already recorded as a source."),
            ),
        ]

    def __str__(self):
        return f"{self.publisher}: {self.title}"


class Person(models.Model):
    """A named official or head of an institution, as public sources name them."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    name_ja = models.CharField(_("Japanese name"), max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.name


class PositionQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related("person", "organisation", "source")


class Position(models.Model):
    """A person's title at an organisation, as of the date a source reported it."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="positions", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="positions",
        verbose_name=_("organisation"),
    )
    title = models.CharField(
        _("title"), max_length=200, help_text=_("As the source gives it, e.g. Kepala Sekolah.")
    )
    as_of = models.DateField(_("as of"), help_text=_("When the source saw this person in office."))
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="positions",
        verbose_name=_("source"),
    )

    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["-as_of", "person__name"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation", "title"],
                name="position_unique",
                violation_error_message=_("This person already holds this title here."),
            ),
        ]

    def __str__(self):
        return f"{self.person}, {self.title} ({self.organisation})"


class EventQuerySet(models.QuerySet):
    def with_status(self, today=None):
        """Annotate `status_code` as of `today` (Jakarta time): planned while the date is ahead,
        held from that day on. Keep in step with Event.status_on()."""
        today = today or timezone.localdate()
        return self.annotate(
            status_code=Case(
                When(date__gt=today, then=Value(Event.Status.PLANNED)),
                default=Value(Event.Status.HELD),
                output_field=models.CharField(),
            )
        )


class Event(models.Model):
    """A dated happening that involves organisations: an audience, a launch, a visit, a forum
    where agreements are signed. Whether it is still planned follows from its date, never
    stored: a source's "will be held" turns into "was held" on the day."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting or audience")
        LAUNCH = "launch", _("Launch")
        VISIT = "visit", _("Visit")
        FORUM = "forum", _("Forum")
        SIGNING = "signing", _("Signing ceremony")
        OPENING = "opening", _("Opening")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")

    name = models.CharField(_("name"), max_length=250)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    venue = models.CharField(_("venue"), max_length=250, blank=True)
    regency = models.ForeignKey(
        Regency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("city or regency"),
    )
    participants = models.ManyToManyField(
        Organisation, blank=True, related_name="events", verbose_name=_("participants")
    )
    summary = models.TextField(_("summary"), blank=True)
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("source"),
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "name"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.UniqueConstraint(
                fields=["name", "date"],
                name="event_name_date_unique",
                violation_error_message=_("An event with this name on this date already exists."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.date:%Y-%m-%d})"

    def status_on(self, today):
        """The status on a given day; the same rule as EventQuerySet.with_status()."""
        return self.Status.PLANNED if self.date > today else self.Status.HELD

    @property
    def status(self):
        code = getattr(self, "status_code", None) or self.status_on(timezone.localdate())
        return self.Status(code)


class FigureQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related("organisation", "source")


class Figure(models.Model):
    """A figure an official reported (participants sent, placement rate...), with its date and
    its source. Reported figures are kept apart from the totals the portal counts itself."""

    class Metric(models.TextChoices):
        PARTICIPANTS_SENT = "participants_sent", _("Participants sent to Japan")
        PARTICIPANTS_IN_JAPAN = "participants_in_japan", _("Participants in Japan now")
        CANDIDATES_IN_TRAINING = "candidates_in_training", _("Candidates in training and selection")
        ALUMNI_PLACED_RATE = "alumni_placed_rate", _("Alumni placed in industry")
        ALUMNI_ENTREPRENEUR_RATE = "alumni_entrepreneur_rate", _("Alumni who became entrepreneurs")
        ALUMNI_PLACED = "alumni_placed", _("Alumni sent to industry")
        AGREEMENTS_SIGNED = "agreements_signed", _("Agreements signed")
        AGREEMENTS_TARGET = "agreements_target", _("Agreements targeted")
        LEARNING_GROUPS = "learning_groups", _("Learning groups (rombel)")
        CONSTRUCTION_PROGRESS = "construction_progress", _("Construction progress")

    class Unit(models.TextChoices):
        PEOPLE = "people", _("people")
        PERCENT = "percent", _("%")
        AGREEMENTS = "agreements", _("agreements")
        GROUPS = "groups", _("groups")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="figures",
        verbose_name=_("organisation"),
    )
    metric = models.CharField(_("metric"), max_length=40, choices=Metric.choices)
    value = models.DecimalField(
        _("value"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0, _("A figure cannot be negative."))],
    )
    value_max = models.DecimalField(
        _("upper value"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For a range such as 90-95%."),
    )
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    as_of = models.DateField(_("as of"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="figures",
        verbose_name=_("source"),
    )

    objects = FigureQuerySet.as_manager()

    class Meta:
        ordering = ["-as_of", "metric"]
        verbose_name = _("reported figure")
        verbose_name_plural = _("reported figures")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "metric", "as_of"],
                name="figure_unique_per_date",
                violation_error_message=_(
                    "This figure is already recorded for this organisation on this date."
                ),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="figure_value_not_negative",
                violation_error_message=_("A figure cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(value_max__isnull=True) | Q(value_max__gt=models.F("value")),
                name="figure_range_ordered",
                violation_error_message=_("The upper value must be larger than the value."),
            ),
            models.CheckConstraint(
                condition=~Q(unit="percent")
                | Q(value__lte=100, value_max__isnull=True)
                | Q(value__lte=100, value_max__lte=100),
                name="figure_percent_at_most_100",
                violation_error_message=_("A percentage is at most 100."),
            ),
        ]

    def __str__(self):
        return f"{self.get_metric_display()}: {self.value} ({self.organisation})"

    def clean(self):
        super().clean()
        errors = {}
        if self.value is not None and self.value_max is not None and self.value_max <= self.value:
            errors["value_max"] = _("The upper value must be larger than the value.")
        if self.unit == self.Unit.PERCENT:
            for name in ("value", "value_max"):
                if (getattr(self, name) or 0) > 100:
                    errors.setdefault(name, _("A percentage is at most 100."))
        if errors:
            raise ValidationError(errors)


class NotInFutureConstraint(models.CheckConstraint):
    """`field <= now() + 1 day`, enforced by PostgreSQL.

    SQLite (the `make run` database) refuses a clock in a CHECK constraint, so there the rule
    rests on the model's clean(). The day of slack covers the database clock running in UTC,
    seven hours behind Jakarta's date in the early morning; clean() checks the exact date."""

    def __init__(self, *, field, name, violation_error_message=None):
        self.field = field
        super().__init__(
            condition=Q(**{f"{self.field}__isnull": True})
            | Q(**{f"{self.field}__lte": Now() + datetime.timedelta(days=1)}),
            name=name,
            violation_error_message=violation_error_message,
        )

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        kwargs.pop("condition")
        kwargs["field"] = self.field
        return path, args, kwargs

    def _enforced(self, schema_editor):
        return schema_editor.connection.vendor == "postgresql"

    def constraint_sql(self, model, schema_editor):
        return (
            super().constraint_sql(model, schema_editor) if self._enforced(schema_editor) else None
        )

    def create_sql(self, model, schema_editor):
        return super().create_sql(model, schema_editor) if self._enforced(schema_editor) else None

    def remove_sql(self, model, schema_editor):
        return super().remove_sql(model, schema_editor) if self._enforced(schema_editor) else None

    def validate(self, *args, **kwargs):
        pass  # clean() gives the precise message, with the date in Jakarta time.


def document_upload_to(instance, filename):
    """Stored under a random name: the uploader's file name is never used on disk."""
    return f"agreements/{uuid.uuid4().hex}.pdf"


class Programme(models.Model):
    """What an agreement serves: an industry class, apprenticeship in Japan... (loaded by
    migration; curators may add more)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100, help_text=_("In Indonesian."))
    # Reference data shows in the page's language: one name per language of the interface.
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    name_ja = models.CharField(_("name in Japanese"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_domestic = models.BooleanField(
        _("domestic"),
        default=False,
        help_text=_(
            "Its trainees stay in Indonesia and end with an outcome (placement, business, "
            "study), not a departure to Japan."
        ),
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self):
        return self.localized_name

    @property
    def localized_name(self):
        """The name in the active language, the Indonesian one when none is recorded."""
        language = (translation.get_language() or "id").split("-")[0]
        return getattr(self, f"name_{language}", "") or self.name


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
        name or a signatory. SQLite, used by `make run`, falls back to a substring match.

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
        if connection.vendor == "postgresql":
            query = SearchQuery(text, search_type="websearch", config="simple")
            own = Agreement.objects.alias(search_document=agreement_search_document()).filter(
                search_document=query
            )
        else:
            own = Agreement.objects.filter(
                Q(title__icontains=text) | Q(number__icontains=text) | Q(summary__icontains=text)
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


class ExpiryReminder(models.Model):
    """One reminder that an agreement expires soon, sent at one threshold (90, 30 or 7 days)
    before one expiry date. The row is the claim: the unique constraint makes sure that
    concurrent workers send it once (partnerships/reminders.py). An agreement extended to a new
    date is reminded again."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="expiry_reminders",
        verbose_name=_("agreement"),
    )
    expires_on = models.DateField(_("expiry date reminded of"))
    threshold = models.PositiveSmallIntegerField(_("days before expiry"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        ordering = ["-sent_at", "pk"]
        verbose_name = _("expiry reminder")
        verbose_name_plural = _("expiry reminders")
        constraints = [
            # Also the index of reminders.due_reminders(): which thresholds were sent.
            models.UniqueConstraint(
                fields=["agreement", "expires_on", "threshold"],
                name="expiry_reminder_once",
                violation_error_message=_(
                    "This reminder has already been sent for this agreement and expiry date."
                ),
            ),
        ]

    def __str__(self):
        return _("%(agreement)s: %(days)d days before %(date)s") % {
            "agreement": self.agreement,
            "days": self.threshold,
            "date": self.expires_on,
        }
