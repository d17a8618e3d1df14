from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


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
        return reverse("portal:province-detail", args=[self.code])


class Regency(models.Model):
    """A kabupaten or kota, loaded by migration from idn-area-data (ODbL)."""

    class Kind(models.TextChoices):
        REGENCY = "kabupaten", _("Regency (kabupaten)")
        CITY = "kota", _("City (kota)")

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="regencies", verbose_name=_("province")
    )
    code = models.CharField(_("official code"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("regency or city")
        verbose_name_plural = _("regencies and cities")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{2}\.[0-9]{2}$"), name="regency_code_format"
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
    """A person who signs in. The role decides what they may see and change:

    - curators keep the registry in the admin;
    - institution staff (a school head, a training-centre officer) manage their own institution;
    - provincial officials read their province and the country, and change nothing.
    """

    class Role(models.TextChoices):
        CURATOR = "curator", _("Curator")
        INSTITUTION = "institution", _("Institution staff")
        OFFICIAL = "official", _("Provincial official")

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    organisation = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("institution"),
        help_text=_("Required for institution staff: the school or training centre they manage."),
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officials",
        verbose_name=_("province"),
        help_text=_("Required for provincial officials: the province they report on."),
    )

    objects = UserManager()

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            models.CheckConstraint(
                condition=Q(role="institution", organisation__isnull=False)
                | (~Q(role="institution") & Q(organisation__isnull=True)),
                name="user_institution_has_organisation",
            ),
            models.CheckConstraint(
                condition=Q(role="official", province__isnull=False)
                | (~Q(role="official") & Q(province__isnull=True)),
                name="user_official_has_province",
            ),
        ]

    def clean(self):
        super().clean()
        errors = {}
        if self.role == self.Role.INSTITUTION and not self.organisation_id:
            errors["organisation"] = _("Choose the institution this staff member works for.")
        if self.role != self.Role.INSTITUTION and self.organisation_id:
            errors["organisation"] = _("Only institution staff belong to an institution.")
        if self.role == self.Role.OFFICIAL and not self.province_id:
            errors["province"] = _("Choose the province this official reports on.")
        if self.role != self.Role.OFFICIAL and self.province_id:
            errors["province"] = _("Only provincial officials have a province.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_curator(self):
        return self.is_superuser or self.role == self.Role.CURATOR
