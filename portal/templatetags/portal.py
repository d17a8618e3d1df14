from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import translation
from django.utils.html import conditional_escape, format_html

from partnerships import reminders

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **changes):
    """The current query string with some parameters replaced (an empty value removes one):
    keeps the filters across pages and downloads."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in ("", None):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.filter
def figure_value(figure):
    """A reported figure as people read it: 52.440, 54%, 90–95%."""

    def number(value):
        return intcomma(int(value)) if value == value.to_integral_value() else str(value)

    text = number(figure.value)
    if figure.value_max is not None:
        text = f"{text}–{number(figure.value_max)}"
    return f"{text}%" if figure.unit == figure.Unit.PERCENT else text


@register.filter
def days_left(agreement):
    """Whole days until the agreement expires (0 on the day of expiry); None without a date."""
    return reminders.days_left(getattr(agreement, "expires_on", None))


@register.filter(needs_autoescape=True)
def data_lang(value, lang="id", autoescape=True):
    """Data written in `lang` (an Indonesian title or name) on a page in another language:
    wrapped in <span lang="..."> so that a screen reader pronounces it in its own language."""
    text = conditional_escape(value) if autoescape else value
    if value in (None, "") or (translation.get_language() or "id").split("-")[0] == lang:
        return text
    return format_html('<span lang="{}">{}</span>', lang, text)


@register.filter(needs_autoescape=True)
def org_name(organisation, autoescape=True):
    """An organisation's name as the page's reader knows it: its Japanese name on Japanese
    pages when one is recorded; an Indonesian organisation's name marked as Indonesian on the
    other pages."""
    language = (translation.get_language() or "id").split("-")[0]
    if language == "ja" and getattr(organisation, "name_ja", ""):
        return conditional_escape(organisation.name_ja)
    if getattr(organisation, "kind", "") == "japanese_partner":
        return conditional_escape(organisation.name)  # romanised or English, not Indonesian
    return data_lang(organisation.name, "id", autoescape=autoescape)
