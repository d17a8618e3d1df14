"""Source: where a fact is known from, cited by positions, events, figures and
agreements."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
