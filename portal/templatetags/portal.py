from django import template
from django.utils import translation
from django.utils.html import conditional_escape, format_html

register = template.Library()


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


@register.filter(needs_autoescape=True)
def org_short(organisation, autoescape=True):
    """An organisation's short name (its name, as org_name, when it has none), marked as
    Indonesian unless it is a Japanese partner's."""
    short_name = getattr(organisation, "short_name", "")
    if not short_name:
        return org_name(organisation, autoescape=autoescape)
    if organisation.kind == "japanese_partner":
        return conditional_escape(short_name) if autoescape else short_name
    return data_lang(short_name, "id", autoescape=autoescape)
