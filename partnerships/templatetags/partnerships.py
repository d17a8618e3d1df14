"""Template filters of the registry: reported figures and agreements' expiry."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

from partnerships import reminders

register = template.Library()


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
