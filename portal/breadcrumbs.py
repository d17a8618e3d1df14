"""Breadcrumbs: the trail from the home page to the page shown, which the section bases render
with includes/breadcrumbs.html from the context's `breadcrumbs`.

A view names the crumbs after the home page, each a (label, url) pair, the page itself last with
the url None; `trail()` puts the home page first. A label is plain text, escaped by the template,
or safe HTML built with the portal template filters (data_lang, org_name, org_short) so that a
name written in Indonesian keeps its lang attribute on an English or Japanese page."""

from typing import NamedTuple

from django.urls import reverse
from django.utils.translation import gettext


class Crumb(NamedTuple):
    label: str
    url: str | None = None  # None for the page itself (aria-current="page") or a plain step


def trail(*crumbs):
    """[Crumb] from the home page to the page shown: the home page, then `crumbs`, (label, url)
    pairs ending with the page itself (url None). Call it while the request's language is
    active: the labels are translated then."""
    return [Crumb(gettext("Home"), reverse("pages:home")), *(Crumb(*crumb) for crumb in crumbs)]


class BreadcrumbsMixin:
    """For a class-based view: `get_breadcrumbs()` returns the crumbs after the home page, and
    the context's `breadcrumbs` is the whole trail (none when it returns no crumb)."""

    def get_breadcrumbs(self):
        return []

    def get_context_data(self, **kwargs):
        crumbs = self.get_breadcrumbs()
        if crumbs and "breadcrumbs" not in kwargs:
            kwargs["breadcrumbs"] = trail(*crumbs)
        return super().get_context_data(**kwargs)
