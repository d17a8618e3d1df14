"""Template filters of the registry: reported figures and agreements' expiry."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import npgettext

from partnerships import reminders
from partnerships.models import quota_phrase

register = template.Library()


@register.filter
def figure_value(figure):
    """A reported figure with its unit, as one phrase of the reader's language: "52.440 orang",
    "52,440 people", "52,440人", "協定80件", "54%", "90–95%".

    Number and unit are never glued in a template: Japanese puts a counter after the number
    and some units before it, so each unit is a whole phrase with the number inside."""

    def number(value):
        return intcomma(int(value)) if value == value.to_integral_value() else str(value)

    text = number(figure.value)
    if figure.value_max is not None:
        text = f"{text}–{number(figure.value_max)}"
    if figure.unit == figure.Unit.PERCENT:
        return f"{text}%"
    # The plural follows the last number read: "1–2 people", "1 person".
    count = int(figure.value_max if figure.value_max is not None else figure.value)
    if figure.unit == figure.Unit.PEOPLE:
        phrase = npgettext("a count of people", "%(count)s person", "%(count)s people", count)
    elif figure.unit == figure.Unit.AGREEMENTS:
        phrase = npgettext("a count", "%(count)s agreement", "%(count)s agreements", count)
    elif figure.unit == figure.Unit.GROUPS:
        phrase = npgettext("a count", "%(count)s group", "%(count)s groups", count)
    else:
        return f"{text} {figure.get_unit_display()}"
    return phrase % {"count": text}


@register.filter
def quota(agreement):
    """The agreement's quota as one counted phrase (partnerships.models.quota_phrase)."""
    return quota_phrase(agreement.quota, agreement.quota_period)


@register.filter
def days_left(agreement):
    """Whole days until the agreement expires (0 on the day of expiry); None without a date."""
    return reminders.days_left(getattr(agreement, "expires_on", None))
