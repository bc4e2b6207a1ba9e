"""The pieces of a live form that are not the view: its form and formsets bound
together, what a field's HTML is made of (to reuse it), and small helpers."""

from __future__ import annotations


class Bound:
    """A live form's form and formsets, bound together."""

    def __init__(self, form, formsets: dict):
        self.form = form
        self.formsets = formsets

    def all_forms(self):
        yield self.form
        for formset in self.formsets.values():
            yield from formset.forms

    def is_valid(self) -> bool:
        valid = [self.form.is_valid(), *(fs.is_valid() for fs in self.formsets.values())]
        return all(valid)

    def first_error(self) -> str:
        for form in self.all_forms():
            if form.errors:
                return first_error(form)
        for formset in self.formsets.values():
            if formset.non_form_errors():
                return formset.non_form_errors()[0]
        return ""


def render_key(bf):
    """What a bound field's HTML is made of, when that is all it depends on (Django's
    own fields and widgets, with choices that are a plain list); else None."""
    field, widget = bf.field, bf.field.widget
    if not (type(field).__module__.startswith("django.forms.")):
        return None
    if not type(widget).__module__.startswith("django.forms."):
        return None
    choices = getattr(field, "choices", ())
    if not isinstance(choices, (list, tuple)):
        return None  # a queryset's choices: read afresh each time
    return (
        type(field),
        type(widget),
        repr(bf.value()),
        tuple(bf.errors),
        repr(sorted(widget.attrs.items())),
        repr(choices),
        field.required,
        field.disabled,
        str(bf.label),
        str(field.help_text),
        bf.form.is_bound,
        bf.auto_id,
    )


def first_error(form) -> str:
    """``"Label: message"`` of a form's first error."""
    for name, errors in form.errors.items():
        label = form[name].label if name in form.fields else ""
        return f"{label}: {errors[0]}" if label else errors[0]
    return ""


def comparable(values: dict) -> dict:
    """``model_to_dict``'s values with related objects as their keys."""
    return {
        k: [getattr(x, "pk", x) for x in v] if isinstance(v, list) else getattr(v, "pk", v)
        for k, v in values.items()
    }
