"""Pickers that never render the whole table (the domain apps give them a lookup:
partnerships/widgets.py).

Without JavaScript a picker is a text box: the form resolves what was typed (one match is
chosen; several are listed to choose from; none is an error). With JavaScript
(static/js/lookup.js) suggestions from the lookup's view appear as the person types, and the chosen
id travels in a hidden field next to the text. A form or link may also send the id alone
under the field's own name (`?party=<slug>`, `institution=<pk>`), as before."""

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from portal.lookups import CANDIDATES, normalise, resolve

TEXT = "_text"  # suffix of the visible text box
PICK = "_pick"  # suffix of the radio buttons listing candidates


class LookupInput(forms.Widget):
    """A text box for a name, a hidden field for the chosen id; candidates to pick from after
    an ambiguous entry."""

    template_name = "includes/lookup_input.html"
    lookup = None
    params = None
    key = "pk"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        value = value or {}
        url = reverse(self.lookup.url_name)
        params = {**(self.params or {}), **({"key": "slug"} if self.key == "slug" else {})}
        context["widget"].update(
            key_value=value.get("key") or "",
            text=value.get("text") or "",
            candidates=value.get("candidates") or [],
            text_name=name + TEXT,
            pick_name=name + PICK,
            url=f"{url}?{urlencode(params, doseq=True)}" if params else url,
        )
        return context

    def _render(self, template_name, context, renderer=None):
        # The project's templates (templates/includes/), whatever FORM_RENDERER says.
        return super()._render(template_name, context, TemplatesSetting())

    def format_value(self, value):
        return value  # prepared by the field: {"key", "text", "candidates"}

    def value_from_datadict(self, data, files, name):
        if name not in data and name + TEXT not in data and name + PICK not in data:
            return None
        return {"id": data.get(name), "text": data.get(name + TEXT), "pick": data.get(name + PICK)}

    def value_omitted_from_data(self, data, files, name):
        return name not in data and name + TEXT not in data and name + PICK not in data

    def id_for_label(self, id_):
        return id_  # the text box carries the field's id


class LookupMultipleInput(LookupInput):
    """One name a line in a text area; with JavaScript, a search box adds lines."""

    template_name = "includes/lookup_multiple_input.html"

    def value_from_datadict(self, data, files, name):
        if name not in data and name + TEXT not in data:
            return None
        ids = data.getlist(name) if hasattr(data, "getlist") else data.get(name) or []
        return {"ids": [i for i in ids if i], "text": data.get(name + TEXT)}

    def value_omitted_from_data(self, data, files, name):
        return name not in data and name + TEXT not in data


def _same(label, text):
    return normalise(label).casefold() == normalise(text).casefold()


class LookupChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose choices are searched, not listed. Whatever is typed or sent is
    resolved within `queryset` only, so a choice outside it is refused by name as by id."""

    widget = LookupInput
    lookup = None

    def __init__(self, queryset, *, lookup_params=None, null_label=None, **kwargs):
        kwargs.pop("empty_label", None)
        super().__init__(queryset, empty_label=None, **kwargs)
        self.widget.lookup = self.lookup
        self.widget.params = lookup_params or {}
        self.widget.key = self.to_field_name or "pk"
        self.widget.attrs.setdefault("placeholder", _("Type part of the name…"))

    @property
    def is_lookup(self):
        return isinstance(self.widget, LookupInput)

    def _key(self, obj):
        return str(getattr(obj, self.to_field_name or "pk"))

    def _by_key(self, key):
        try:
            return super().to_python(key)
        except ValidationError:
            return None

    def prepare_value(self, value):
        if not self.is_lookup:
            return super().prepare_value(value)
        if isinstance(value, dict):  # what was sent: show it as typed
            text = value.get("text")
            key = value.get("pick") or value.get("id") or ""
            if text is None:
                obj = self._by_key(key) if key else None
                text = self.lookup.label(obj) if obj else ""
            return {"key": key, "text": text, "candidates": getattr(self, "candidates", [])}
        if value in self.empty_values:
            return {}
        obj = value if hasattr(value, "_meta") else self._by_key(value)
        return {"key": self._key(obj), "text": self.lookup.label(obj)} if obj else {}

    def to_python(self, value):
        if not isinstance(value, dict):
            return super().to_python(value)
        self.candidates = []
        if value.get("pick"):
            return super().to_python(value["pick"])
        text = value.get("text")
        if text is None:  # the id alone, from a link or an older form
            return super().to_python(value.get("id"))
        text = normalise(text)
        if not text:
            return None
        if value.get("id"):
            chosen = self._by_key(value["id"])
            if chosen is not None and _same(self.lookup.label(chosen), text):
                return chosen
        matches = resolve(self.lookup, self.queryset, text)
        if len(matches) == 1:
            return matches[0]
        self.candidates = [
            {
                "key": self._key(obj),
                "label": self.lookup.label(obj),
                "detail": self.lookup.detail(obj),
            }
            for obj in matches[:CANDIDATES]
        ]
        message = self.lookup.several_message if matches else self.lookup.none_message
        raise ValidationError(message, code="invalid_choice", params={"text": text})

    def has_changed(self, initial, data):
        try:
            new = self.to_python(data)
        except ValidationError:
            return True
        old = getattr(initial, "pk", initial)
        return str(new.pk if new is not None else "") != str(old if old is not None else "")


class LookupMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several choices, one name a line; each line is resolved like LookupChoiceField's text."""

    widget = LookupMultipleInput
    lookup = None
    default_error_messages = {
        "lines": _("Line %(line)d: %(error)s"),
        "several": _("Several match “%(text)s”; put the exact name of one on the line: %(names)s"),
    }

    def __init__(self, queryset, *, lookup_params=None, **kwargs):
        super().__init__(queryset, **kwargs)
        self.widget.lookup = self.lookup
        self.widget.params = lookup_params or {}

    def _objects(self, keys):
        keys = [k for k in keys if str(k).isdigit()]
        return list(self.queryset.filter(pk__in=keys)) if keys else []

    def prepare_value(self, value):
        if isinstance(value, dict):
            text = value.get("text")
            if text is None:
                text = "\n".join(self.lookup.label(o) for o in self._objects(value.get("ids", [])))
            return {"text": text, "ids": value.get("ids", [])}
        if not value:
            return {}
        values = list(value)
        objects = [v for v in values if hasattr(v, "_meta")]
        objects += self._objects([v for v in values if not hasattr(v, "_meta")])
        return {"text": "\n".join(self.lookup.label(o) for o in objects)}

    def clean(self, value):
        if not isinstance(value, dict):
            return super().clean(value)
        text = value.get("text")
        if text is None:
            return super().clean(value.get("ids", []))
        # The ids sent with the text (chosen from suggestions) settle a line with their label.
        sent = {normalise(self.lookup.label(o)).casefold(): o for o in self._objects(value["ids"])}
        chosen, errors = [], []
        for number, line in enumerate(text.splitlines(), start=1):
            line = normalise(line)
            if not line:
                continue
            obj = sent.get(line.casefold())
            if obj is None:
                try:
                    obj = self._resolve_line(line)
                except ValidationError as error:
                    errors.append(
                        ValidationError(
                            self.error_messages["lines"],
                            code="invalid_choice",
                            params={"line": number, "error": error.messages[0]},
                        )
                    )
                    continue
            if obj not in chosen:
                chosen.append(obj)
        if errors:
            raise ValidationError(errors)
        if self.required and not chosen:
            raise ValidationError(self.error_messages["required"], code="required")
        return self.queryset.filter(pk__in=[o.pk for o in chosen])

    def _resolve_line(self, line):
        matches = resolve(self.lookup, self.queryset, line)
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise ValidationError(self.lookup.none_message % {"text": line})
        names = "; ".join(self.lookup.label(o) for o in matches[:CANDIDATES])
        raise ValidationError(self.error_messages["several"] % {"text": line, "names": names})

    def has_changed(self, initial, data):
        try:
            new = self.clean(data)
        except ValidationError:
            return True
        old = {str(getattr(v, "pk", v)) for v in initial or []}
        return {str(o.pk) for o in new} != old


class DateWidget(AdminDateWidget):
    """The admin's date input (with its calendar) for a date without a time. Django's own points
    aria-describedby at a time-zone note, in place of the field's help text and error: a date
    has no time zone, so the note is dropped (static/js/admin-a11y.js removes it) and the field
    is described by its help text and error again."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        described_by = (attrs or {}).get("aria-describedby")
        if described_by:
            context["widget"]["attrs"]["aria-describedby"] = described_by
        else:
            context["widget"]["attrs"].pop("aria-describedby", None)
        return context
