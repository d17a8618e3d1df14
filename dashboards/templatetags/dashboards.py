"""Template helpers of the dashboards."""

from django import template
from django.utils.html import format_html

from dashboards.reports import Link
from portal.disclosure import Number

register = template.Library()


@register.filter
def cell(value):
    """A dashboard table cell: a link, a (possibly hidden) count, or plain text."""
    if isinstance(value, Link):
        return format_html('<a href="{}">{}</a>', value.url, value.text)
    if isinstance(value, Number) and value.hidden:
        return format_html('<span class="text-body-secondary">{}</span>', value.display)
    return value


@register.filter
def is_number(value):
    return isinstance(value, (int, Number)) and not isinstance(value, bool)
