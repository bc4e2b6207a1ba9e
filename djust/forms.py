"""``LiveFormView``: an ordinary Django (model) form that validates as the user types,
shows and hides fields by Python rules, and saves itself.

The form class is unchanged: validation is the form's own (``clean_<field>``,
``clean``, model validation, unique checks) and it renders through Django's form
rendering, so form templates and styling keep working. Without JavaScript the same
view is an ordinary form (POST, redirect). See docs/forms.md.
"""

from __future__ import annotations

import logging
from typing import Literal

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import model_to_dict
from django.http import HttpResponseRedirect

from djust import renderers
from djust.conf import settings
from djust.exceptions import Refused
from djust.live import drafts
from djust.live import formsets as formset_data
from djust.live.events import event
from djust.live.formparts import Bound, comparable, render_key
from djust.live.view import LiveView

logger = logging.getLogger("djust.forms")

#: Widgets whose value is chosen, not typed: validated on change, not debounced.
_CHOSEN = (forms.CheckboxInput, forms.Select, forms.RadioSelect, forms.CheckboxSelectMultiple)

DEFAULT_TEMPLATE = """<form method="post" dj-submit="submit" novalidate class="djust-form">\
<input type="hidden" name="csrfmiddlewaretoken" value="{{ csrf_token }}">
{{ form.non_field_errors }}{% for field in form.hidden_fields %}{{ field }}{% endfor %}
{% for name, html in field_groups %}<div class="djust-field" dj-key="{{ name }}">{{ html }}</div>
{% endfor %}{% for fs in formsets %}\
<fieldset class="djust-formset" dj-key="formset-{{ fs.prefix }}">\
<legend>{{ fs.label }}</legend>{{ fs.management }}{{ fs.errors }}
{% for row in fs.rows %}<div class="djust-row" dj-key="{{ row.key }}">{{ row.hidden }}\
{% for name, html in row.groups %}\
<div class="djust-field" dj-key="{{ name }}">{{ html }}</div>{% endfor %}</div>
{% endfor %}<button type="button" class="djust-add-row" dj-click="add_row" \
dj-value-formset="{{ fs.prefix }}">Add a row</button></fieldset>
{% endfor %}
{% if conflict %}<div class="djust-conflict" role="alert"><p>{{ conflict }}</p>\
<button type="button" dj-click="resolve_conflict" dj-value-choice="mine">Keep my changes</button> \
<button type="button" dj-click="resolve_conflict" dj-value-choice="theirs">Load the saved \
version</button></div>{% endif %}
<button type="submit" dj-disable-with="Saving…">{{ submit_label }}</button>
<p class="djust-form-status{% if status_kind %} djust-form-{{ status_kind }}{% endif %}" \
role="status" aria-live="polite">{% if autosave %}<span class="djust-saving">Saving…</span>\
{% endif %}<span class="djust-status-text">{{ status }}</span></p>
<style>.djust-saving{display:none}.dj-loading .djust-saving{display:inline}\
.dj-loading .djust-saving+.djust-status-text{display:none}</style>
</form>"""


class LiveFormView(LiveView):
    """A live view around ``form_class``. URL arguments ``pk`` (or ``slug``) edit that
    object of ``model``; without them the form creates one."""

    form_class: type[forms.BaseForm] | None = None
    model = None
    #: Save each valid change after the pause the debounce gives (Google Docs style).
    autosave = False
    #: Where a successful submit goes (a live navigation); None stays on the form.
    success_url: str | None = None
    #: Milliseconds after the last key before a typed field is validated; a field is
    #: validated at once when the user leaves it.
    debounce = 300
    #: Per-field overrides of ``debounce``.
    field_debounce: dict[str, int] = {}
    submit_label = "Save"
    template = DEFAULT_TEMPLATE
    #: ``{prefix: formset class}``, e.g. ``{"items": inlineformset_factory(Order,
    #: Item, fields=[...])}``: rows of related objects, added and removed live.
    formsets: dict = {}

    # ----- what users override ----------------------------------------------------

    def visible_fields(self, data: dict) -> dict[str, bool]:
        """``{field: shown}`` for the current values: a hidden field is neither
        rendered, validated nor saved."""
        return {}

    def required_fields(self, data: dict) -> dict[str, bool]:
        """``{field: required}`` for the current values."""
        return {}

    def field_choices(self, data: dict) -> dict:
        """``{field: choices}`` (a list of pairs, or a QuerySet for a model choice
        field) for the current values."""
        return {}

    def form_valid(self, form):
        """Called with a valid form (and valid ``self.bound_formsets``) on save; saves
        a ModelForm and its formsets by default. Raise ``ValidationError`` to show
        the user why it cannot be saved."""
        saved = form.save() if isinstance(form, forms.BaseModelForm) else None
        for formset in self.bound_formsets.values():
            if saved is not None and hasattr(formset, "instance"):
                formset.instance = saved
            formset.save()
        return saved

    def get_object(self, **kwargs):
        """The object being edited, from the URL's ``pk`` or ``slug``; None creates."""
        if self.model is None:
            return None
        if "pk" in kwargs:
            return self.model._default_manager.get(pk=kwargs["pk"])
        if "slug" in kwargs:
            return self.model._default_manager.get(slug=kwargs["slug"])
        return None

    # ----- state ---------------------------------------------------------------------

    def mount(self, request, **kwargs):
        self._object = self.get_object(**kwargs)
        self._data = self._initial_data()
        self._changed = False  # the form is bound once the user changed something
        self._touched: set[str] = set()
        self._submitted = False
        self._loaded = self._snapshot(self._object)
        self.status = ""
        self.status_kind = ""
        self.conflict = ""
        self._validated = None  # what a handler validated, for the render after it
        self._rendered: dict = {}  # field -> (what its HTML was made of, the HTML)
        self.bound_formsets: dict = {}
        self._shown: set[str] = set()  # the fields of the last render
        self._restore_draft(request)

    def get_context_data(self) -> dict:
        context = super().get_context_data()
        # What the handler just validated, else built afresh (validation may query).
        bound, self._validated = self._validated or self._bind(), None
        if self._changed or self._submitted:
            for form in bound.all_forms():
                self._hide_untouched_errors(form)
        self._shown = {  # what the page shows, so what it may change
            each.add_prefix(name)
            for each in bound.all_forms()
            for name, field in each.fields.items()
            if not field.widget.is_hidden
        }
        form = bound.form
        context.update(
            form=form,
            field_groups=self._field_groups(form),
            formsets=[self._formset_context(fs) for fs in bound.formsets.values()],
            submit_label=self.submit_label,
            autosave=self.autosave,
            object=self._object,
        )
        return context

    def _hide_untouched_errors(self, form) -> None:
        """Errors show for the fields the user touched, every one after a submit."""
        if self._submitted:
            return
        for name in list(form.errors):
            if name == "__all__" or form.add_prefix(name) not in self._touched:
                del form.errors[name]

    def _formset_context(self, formset) -> dict:
        rows = []
        for index, form in enumerate(formset.forms):
            if formset_data.is_deleted(self._data, formset.prefix, index):
                continue
            rows.append(
                {
                    "key": f"{formset.prefix}-{index}",
                    "hidden": "".join(str(bf) for bf in form.hidden_fields()),
                    "groups": self._field_groups(form),
                }
            )
        errors = formset.non_form_errors() if self._submitted else ""
        label = formset.model._meta.verbose_name_plural if hasattr(formset, "model") else ""
        return {
            "prefix": formset.prefix,
            "label": str(label or formset.prefix).capitalize(),
            "management": formset.management_form,
            "errors": errors,
            "rows": rows,
        }

    def _field_groups(self, form) -> list[tuple[str, str]]:
        """Each visible field's group (label, help, errors, widget) as Django renders
        it. A keystroke changes one field: the others' HTML is reused when what it is
        made of (value, errors, attributes, choices, label) did not change, for
        Django's own field and widget classes."""
        cache = self._rendered
        groups = []
        for bf in form.visible_fields():
            key = render_key(bf)
            hit = cache.get(bf.html_name)
            if key is not None and hit is not None and hit[0] == key:
                html = hit[1]
            else:
                html = bf.as_field_group()
                cache[bf.html_name] = (key, html)
            groups.append((bf.html_name, html))
        return groups

    def _bind(self, unbound: bool = False) -> Bound:
        """The form and its formsets, bound to the view's data once the user changed
        something, with the rules applied and the bindings on their widgets."""
        renderer = renderers.for_setting(settings().form_renderer)
        data = {} if unbound or not (self._changed or self._submitted) else {"data": self._data}
        model_form = isinstance(self.form_class, type) and issubclass(
            self.form_class, forms.BaseModelForm
        )
        form = self.form_class(
            renderer=renderer, **data, **({"instance": self._object} if model_form else {})
        )
        sets = {}
        for prefix, formset_class in self.formsets.items():
            kwargs = {"prefix": prefix, **data}
            if hasattr(formset_class, "fk"):  # an inline formset: rows of this object
                kwargs["instance"] = self._object or form.instance
            formset = formset_class(**kwargs)
            formset.renderer = renderer  # before its forms are built (they take it)
            sets[prefix] = formset
        bound = Bound(form, sets)
        if not unbound:
            self._apply_rules(form)
        for each in bound.all_forms():
            self._wire(each)
        return bound

    def _form(self):
        return self._bind().form

    def _initial_data(self) -> dict:
        bound = self._bind(unbound=True)
        data = formset_data.form_values(bound.form)
        for formset in bound.formsets.values():
            data.update(formset_data.initial_data(formset))
        return data

    def _apply_rules(self, form) -> None:
        data = self._data.dict() if hasattr(self._data, "getlist") else dict(self._data)
        for name, shown in self.visible_fields(data).items():
            if not shown:
                form.fields.pop(name, None)
        for name, required in self.required_fields(data).items():
            if name in form.fields:
                form.fields[name].required = bool(required)
        for name, choices in self.field_choices(data).items():
            field = form.fields.get(name)
            if field is None:
                continue
            if hasattr(field, "queryset") and hasattr(choices, "model"):
                field.queryset = choices
            else:
                field.choices = choices

    def _wire(self, form) -> None:
        """The bindings on each field's widget: typed fields are validated after the
        debounce (and at once on leaving them), chosen ones on change."""
        for name, field in form.fields.items():
            attrs = {"dj-value-field": form.add_prefix(name), "dj-blur": "touch"}
            if isinstance(field.widget, _CHOSEN):
                attrs["dj-change"] = "change"
            else:
                attrs["dj-input"] = "change"
                attrs["dj-debounce"] = str(self.field_debounce.get(name, self.debounce))
            field.widget.attrs.update(attrs)

    def _snapshot(self, obj) -> dict | None:
        if obj is None or obj.pk is None:
            return None
        fields = getattr(getattr(self.form_class, "_meta", None), "fields", None)
        return comparable(model_to_dict(obj, fields=fields))

    def _refetch(self):
        return type(self._object)._default_manager.get(pk=self._object.pk)

    # ----- events ----------------------------------------------------------------------

    def _field(self, name):
        """``name`` if it is a field the page shows (hidden fields, such as a row's
        id, and the formsets' counts are the server's)."""
        if not isinstance(name, str) or name not in self._shown:
            raise Refused("event.bad-params", f"the form has no field {name!r} to change")
        return name

    @event
    def change(self, field: str, value=None):
        """A field's new value (typed, chosen, or left)."""
        self._data[self._field(field)] = "" if value is None else value
        self._changed = True
        self._touched.add(field)
        self._after_change()

    @event
    def touch(self, field: str, value=None):
        """The user left a field: its errors show from now on."""
        self._field(field)
        if field not in self._touched:
            self._touched.add(field)
            self._changed = True

    @event
    def submit(self, **fields):
        """The form submitted: every field's error shows; saved when valid. (The
        formsets' counts are the server's: the submitted ones are not read.)"""
        for form in self._bind().all_forms():
            if form.prefix and formset_data.is_deleted(self._data, *form.prefix.rsplit("-", 1)):
                continue  # a removed row is not on the page
            for name, field in form.fields.items():
                key = form.add_prefix(name)
                if key in fields:
                    self._data[key] = fields[key]
                elif name == "DELETE":
                    continue  # a row's removal is the server's to remember
                elif isinstance(field.widget, forms.CheckboxInput):
                    self._data[key] = False  # an unchecked box is not in the form's data
                elif isinstance(field.widget, (forms.SelectMultiple, forms.CheckboxSelectMultiple)):
                    self._data[key] = []
        self._changed = self._submitted = True
        bound = self._validated = self._bind()
        if bound.is_valid():
            self._save(bound, final=True)
        else:
            self._set_status("invalid", "Not saved: " + bound.first_error())
            self._store_draft()

    def _formset(self, prefix):
        formset = self._bind().formsets.get(prefix) if isinstance(prefix, str) else None
        if formset is None:
            raise Refused("event.bad-params", f"the form has no formset {prefix!r}")
        return formset

    @event
    def add_row(self, formset: str):
        """A blank row at the end of a formset."""
        formset_data.add_row(self._data, self._formset(formset))
        self._changed = True

    @event
    def remove_row(self, formset: str, index: int):
        """Remove a row of a formset (its object is deleted when the form is saved)."""
        formset_data.remove_row(self._data, self._formset(formset), index)
        self._changed = True
        self._touched.add(f"{formset}-{index}-DELETE")
        self._after_change()

    @event
    def resolve_conflict(self, choice: Literal["mine", "theirs"]):
        """After a conflict: save this tab's values over the other's, or load the
        saved version."""
        current = self._refetch()
        self.conflict = ""
        if choice == "mine":
            self._loaded = self._snapshot(current)
            bound = self._validated = self._bind()
            if bound.is_valid():
                self._save(bound)
            return
        self._object = current
        self._loaded = self._snapshot(current)
        self._data = self._initial_data()
        self._changed = self._submitted = False
        self._touched = set()
        self._clear_draft()
        self._set_status("saved", "Loaded the saved version")

    # ----- saving ----------------------------------------------------------------------

    def _after_change(self) -> None:
        bound = self._validated = self._bind()
        if not self.autosave:
            self._set_status("", "")
            self._store_draft()
            return
        if bound.is_valid():
            self._save(bound)
        else:
            self._set_status("invalid", "Not saved: " + bound.first_error())
            self._store_draft()

    def _save(self, bound: Bound, final: bool = False) -> None:
        form = bound.form
        if self._loaded is not None and self._snapshot(self._refetch()) != self._loaded:
            self.conflict = (
                "Someone saved this form elsewhere since you opened it. Keep your changes "
                "(overwriting theirs), or load the saved version?"
            )
            self._set_status("conflict", "Not saved: changed elsewhere")
            self._store_draft()
            return
        self.bound_formsets = bound.formsets
        try:
            with transaction.atomic():
                self.form_valid(form)
        except ValidationError as e:
            self.bound_formsets = {}
            self._set_status("error", "Couldn't save: " + " ".join(e.messages))
            self._store_draft()
            return
        except Exception as e:
            self.bound_formsets = {}
            logger.exception("%s.form_valid failed", type(self).__name__)
            why = str(e) if settings().debug and str(e) else "the server failed (it is logged)"
            self._set_status("error", f"Couldn't save: {why}")
            self._store_draft()
            return
        self.bound_formsets = {}  # only form_valid needs them (and they hold a renderer)
        if isinstance(form, forms.BaseModelForm):
            self._object = form.instance
            self._loaded = self._snapshot(self._object)
        if bound.formsets:  # saved rows have ids now, deleted ones are gone
            self._data = self._initial_data()
            self._changed = self._submitted = False
            self._touched = set()
            self._validated = None
        self._clear_draft()
        self._set_status("saved", "Saved")
        if final and self.success_url:
            self.navigate(self.success_url)

    def _set_status(self, kind: str, text: str) -> None:
        self.status_kind, self.status = kind, text

    # ----- drafts: what the user typed survives a reload (djust/live/drafts.py) --------

    def _restore_draft(self, request) -> None:
        draft = drafts.read(request, self._draft_key())
        if not draft:
            return
        for name, value in draft.items():
            self._data[name] = value
            self._touched.add(name)
        for formset in self._bind(unbound=True).formsets.values():
            formset_data.complete(self._data, formset)
        self._changed = bool(self._touched)
        self._set_status("draft", "Draft restored: not saved yet")

    def _store_draft(self) -> None:
        data = {name: self._data[name] for name in self._touched if name in self._data}
        for prefix in self.formsets:  # rows added or removed
            data[f"{prefix}-TOTAL_FORMS"] = self._data.get(f"{prefix}-TOTAL_FORMS")
        data.update({k: v for k, v in self._data.items() if k.endswith("-DELETE") and v})
        drafts.write(self, self._draft_key(), data)

    def _clear_draft(self) -> None:
        drafts.write(self, self._draft_key(), None)

    def _draft_key(self) -> str:
        pk = getattr(self._object, "pk", None)
        return f"djust.draft:{type(self).path()}:{pk if pk is not None else 'new'}"

    # ----- without JavaScript -----------------------------------------------------------

    def http_post(self, request):
        """An ordinary form POST: saved and redirected when valid, else the page
        again with every error."""
        self._data = request.POST
        self._changed = self._submitted = True
        bound = self._bind()
        if not bound.is_valid():
            self._set_status("invalid", "Not saved: " + bound.first_error())
            return None
        self._save(bound)
        if self.status_kind != "saved":
            return None
        return HttpResponseRedirect(self.success_url or request.get_full_path())
