"""The page's <title>, which starts with "Error:" when a form on the page was sent back with
errors (WCAG 3.3.1): the title is the first thing a screen reader says of the new page, and a
form that failed otherwise looks like the same page again. base.html wraps its title in it:

    <title>{% page_title %}{% block title %}...{% endblock %}{% endpage_title %}</title>
"""

from django import template
from django.forms import BaseForm
from django.forms.formsets import BaseFormSet
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext
from django_filters.filterset import BaseFilterSet

register = template.Library()


def _has_errors(value):
    if isinstance(value, BaseFilterSet):
        value = value.form
    if isinstance(value, BaseForm | BaseFormSet):
        # An unbound form has no errors and is not validated by asking.
        return value.is_bound and bool(
            value.errors if isinstance(value, BaseForm) else value.total_error_count()
        )
    return False


def page_has_errors(context):
    """Whether a form, formset or filter the view handed to the template has errors: the forms
    whose error summary (includes/error_summary.html) the page shows; or whether the view says
    so itself (`page_has_errors`: a roster whose rows have problems, which are no form's)."""
    if context.get("page_has_errors"):
        return True
    return any(_has_errors(value) for value in context.flatten().values())


class PageTitleNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        title = self.nodelist.render(context).strip()
        if not page_has_errors(context):
            return title
        # The word order is the translation's: Japanese says "エラー: …".
        message = conditional_escape(pgettext("page title", "Error: %(title)s"))
        return mark_safe(message % {"title": title})


@register.tag
def page_title(parser, token):
    nodelist = parser.parse(("endpage_title",))
    parser.delete_first_token()
    return PageTitleNode(nodelist)
