from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal import roles


class Province(models.Model):
    """One of Indonesia's 38 provinces, loaded by migration from idn-area-data (ODbL)."""

    code = models.CharField(_("official code"), max_length=2, unique=True)
    iso_code = models.CharField(_("ISO 3166-2 code"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("dashboards:province", args=[self.code])


REGENCY_CODE = r"^[0-9]{2}\.[0-9]{2}$"
REGENCY_CODE_MESSAGE = _("A regency code is two digits, a dot and two digits, e.g. 17.02.")


class Regency(models.Model):
    """A kabupaten or kota, loaded by migration from idn-area-data (ODbL)."""

    class Kind(models.TextChoices):
        REGENCY = "kabupaten", _("Regency (kabupaten)")
        CITY = "kota", _("City (kota)")

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="regencies", verbose_name=_("province")
    )
    code = models.CharField(
        _("official code"),
        max_length=5,
        unique=True,
        validators=[RegexValidator(REGENCY_CODE, REGENCY_CODE_MESSAGE)],
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("regency or city")
        verbose_name_plural = _("regencies and cities")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=REGENCY_CODE),
                name="regency_code_format",
                violation_error_message=REGENCY_CODE_MESSAGE,
            ),
        ]

    def __str__(self):
        return self.name


class Prefecture(models.Model):
    """One of Japan's 47 prefectures (ISO 3166-2:JP), loaded by migration."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=50)
    name_ja = models.CharField(_("Japanese name"), max_length=10)

    class Meta:
        ordering = ["code"]
        verbose_name = _("Japanese prefecture")
        verbose_name_plural = _("Japanese prefectures")

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A person who signs in. What they may see and change comes from their memberships
    (see Membership and portal.access); curators are staff users and work in the admin."""

    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        default="",
        help_text=_(
            "The language of the emails the portal sends this user. Empty: the site's "
            "default. Set when they choose a language on the site."
        ),
    )

    objects = UserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def save(self, *args, **kwargs):
        # A login only stamps last_login: not a change worth a history record per login.
        if set(kwargs.get("update_fields") or ()) == {"last_login"}:
            self.skip_history_when_saving = True
            try:
                return super().save(*args, **kwargs)
            finally:
                del self.skip_history_when_saving
        return super().save(*args, **kwargs)

    @property
    def is_curator(self):
        return roles.is_curator(self)  # the rule lives in the access layer


class Membership(models.Model):
    """Ties a user to an institution (as its head or staff) or to a province (as an official).

    A user may hold several. Heads change their institution's records; staff work on its
    cohorts and trainees; officials read what belongs to their province and change nothing.
    """

    class Role(models.TextChoices):
        HEAD = roles.HEAD, _("Head of the institution")
        STAFF = roles.STAFF, _("Staff of the institution")
        OFFICIAL = roles.OFFICIAL, _("Provincial official")

    INSTITUTION_ROLES = (Role.HEAD, Role.STAFF)

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    organisation = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("institution"),
        help_text=_("For a head or staff member: the institution they work for."),
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("province"),
        help_text=_("For a provincial official: the province they report on."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["user", "role", "pk"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=["head", "staff"], organisation__isnull=False, province=None)
                | Q(role="official", province__isnull=False, organisation=None),
                name="membership_role_matches_scope",
                violation_error_message=_(
                    "A head or staff member belongs to an institution and an official to a "
                    "province: fill in that one only."
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=Q(organisation__isnull=False),
                name="membership_unique_organisation",
                violation_error_message=_("This user already belongs to this institution."),
            ),
            models.UniqueConstraint(
                fields=["user", "province"],
                condition=Q(province__isnull=False),
                name="membership_unique_province",
                violation_error_message=_("This user is already an official of this province."),
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.organisation or self.province}"

    def clean(self):
        super().clean()
        errors = {}
        if self.role in self.INSTITUTION_ROLES:
            if not self.organisation_id:
                errors["organisation"] = _("Choose the institution this person works for.")
            if self.province_id:
                errors["province"] = _(
                    "Leave the province empty: a head or staff member belongs to an institution."
                )
        elif self.role == self.Role.OFFICIAL:
            if not self.province_id:
                errors["province"] = _("Choose the province this official reports on.")
            if self.organisation_id:
                errors["organisation"] = _(
                    "Leave the institution empty: an official belongs to a province."
                )
        if errors:
            raise ValidationError(errors)
