"""The headline figures of provinces, for a page outside the dashboards: the official's
workspace (pages) shows those of their provinces at its top.

pages and dashboards are siblings in the layers (pyproject.toml): neither imports the other. So
the workspace's template loads this library by its name, as a template names a URL, and the
figures are the dashboards' own: selectors.province_figures counts them as the map and the
province page do, and shows the counts of people through the same disclosure rule (exact for a
curator and for the province's own official, protected for anyone else)."""

from django import template

from dashboards import selectors
from portal import disclosure
from portal.access import access_for

register = template.Library()


@register.inclusion_tag("dashboards/includes/province_figures.html", takes_context=True)
def province_figures(context, provinces):
    """A card per province: its figures, how its counts of people are shown, and the way to its
    page, the map and its agreements. A fixed number of queries, whatever the provinces."""
    access = access_for(context["request"].user)
    provinces = list(provinces)
    figures = selectors.province_figures(provinces, exact=access.sees_exact_counts)
    return {
        "cards": [
            {
                "province": province,
                "figures": figures[province.pk],
                "note": disclosure.note(exact=access.sees_exact_counts(province)),
            }
            for province in provinces
        ]
    }
