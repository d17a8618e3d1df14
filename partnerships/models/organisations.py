"""Organisations: the one registry of parties (Organisation, its QuerySet and the kinds'
categories) and the proxy model of each kind (School, TrainingCentre, JapanesePartner,
GovernmentBody, Association, Industry)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerships.models.base import trigram_index
from portal.access import ScopedQuerySet
from portal.concurrency import VersionedModel
from portal.models import Prefecture, Province, Regency


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
