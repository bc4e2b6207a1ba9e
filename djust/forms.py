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
from djust.live.events import event
from djust.live.view import LiveView

logger = logging.getLogger("djust.forms")

#: Widgets whose value is chosen, not typed: validated on change, not debounced.
_CHOSEN = (forms.CheckboxInput, forms.Select, forms.RadioSelect, forms.CheckboxSelectMultiple)

DEFAULT_TEMPLATE = """<form method="post" dj-submit="submit" novalidate class="djust-form">\
<input type="hidden" name="csrfmiddlewaretoken" value="{{ csrf_token }}">
{{ form.non_field_errors }}{% for field in form.hidden_fields %}{{ field }}{% endfor %}
{% for name, html in field_groups %}<div class="djust-field" dj-key="{{ name }}">{{ html }}</div>
{% endfor %}
{% if conflict %}<div class="djust-conflict" role="alert"><p>{{ conflict }}</p>\
<button type="button" dj-click="resolve_conflict" dj-value-choice="mine">Keep my changes</button> \
<button type="button" dj-click="resolve_conflict" dj-value-choice="theirs">Load the saved \
version</button></div>{% endif %}
<button type="submit" dj-disable-with="Saving…">{{ submit_label }}</button>
<p class="djust-form-status{% if status_kind %} djust-form-{{ status_kind }}{% endif %}" \
role="status" aria-live="polite">{{ status }}</p>
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
        """Called with a valid form on save; saves a ModelForm by default. Raise
        ``ValidationError`` to show the user why it cannot be saved."""
        if isinstance(form, forms.BaseModelForm):
            return form.save()
        return None

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
        self._validated = None  # the form a handler validated, for the render after it
        self._rendered: dict = {}  # field -> (what its HTML was made of, the HTML)
        self._restore_draft(request)

    def get_context_data(self) -> dict:
        context = super().get_context_data()
        # The form the handler just validated, else a fresh one (validation may query).
        form, self._validated = self._validated or self._form(), None
        if self._changed or self._submitted:
            shown = self._touched if not self._submitted else set(form.fields) | {"__all__"}
            for name in list(form.errors):
                if name not in shown:
                    del form.errors[name]
        context.update(
            form=form,
            field_groups=self._field_groups(form),
            submit_label=self.submit_label,
            object=self._object,
        )
        return context

    def _field_groups(self, form) -> list[tuple[str, str]]:
        """Each visible field's group (label, help, errors, widget) as Django renders
        it. A keystroke changes one field: the others' HTML is reused when what it is
        made of (value, errors, attributes, choices, label) did not change, for
        Django's own field and widget classes."""
        cache = self._rendered
        groups = []
        for bf in form.visible_fields():
            key = _render_key(bf)
            hit = cache.get(bf.name)
            if key is not None and hit is not None and hit[0] == key:
                html = hit[1]
            else:
                html = bf.as_field_group()
                cache[bf.name] = (key, html)
            groups.append((bf.name, html))
        return groups

    def _form(self):
        kwargs = {"data": self._data} if (self._changed or self._submitted) else {}
        if isinstance(self.form_class, type) and issubclass(self.form_class, forms.BaseModelForm):
            kwargs["instance"] = self._object
        form = self.form_class(renderer=renderers.for_setting(settings().form_renderer), **kwargs)
        self._apply_rules(form)
        self._wire(form)
        return form

    def _initial_data(self) -> dict:
        form = self.form_class(**({"instance": self._object} if self._object is not None else {}))
        return {name: form[name].value() for name in form.fields}

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
            attrs = {"dj-value-field": name, "dj-blur": "touch"}
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
        return _comparable(model_to_dict(obj, fields=fields))

    def _refetch(self):
        return type(self._object)._default_manager.get(pk=self._object.pk)

    # ----- events ----------------------------------------------------------------------

    def _field(self, name):
        if not isinstance(name, str) or name not in self._data:
            raise Refused("event.bad-params", f"the form has no field {name!r}")
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
        """The form submitted: every field's error shows; saved when valid."""
        form = self._form()
        for name, field in form.fields.items():
            if name in fields:
                self._data[name] = fields[name]
            elif isinstance(field.widget, forms.CheckboxInput):
                self._data[name] = False  # an unchecked box is not in the form's data
            elif isinstance(field.widget, (forms.SelectMultiple, forms.CheckboxSelectMultiple)):
                self._data[name] = []
        self._changed = self._submitted = True
        form = self._validated = self._form()
        if form.is_valid():
            self._save(form, final=True)
        else:
            self._set_status("invalid", "Not saved: " + _first_error(form))
            self._store_draft()

    @event
    def resolve_conflict(self, choice: Literal["mine", "theirs"]):
        """After a conflict: save this tab's values over the other's, or load the
        saved version."""
        current = self._refetch()
        self.conflict = ""
        if choice == "mine":
            self._loaded = self._snapshot(current)
            form = self._form()
            if form.is_valid():
                self._save(form)
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
        form = self._validated = self._form()
        if not self.autosave:
            self._set_status("", "")
            self._store_draft()
            return
        if form.is_valid():
            self._save(form)
        else:
            self._set_status("invalid", "Not saved: " + _first_error(form))
            self._store_draft()

    def _save(self, form, final: bool = False) -> None:
        if self._loaded is not None and self._snapshot(self._refetch()) != self._loaded:
            self.conflict = (
                "Someone saved this form elsewhere since you opened it. Keep your changes "
                "(overwriting theirs), or load the saved version?"
            )
            self._set_status("conflict", "Not saved: changed elsewhere")
            self._store_draft()
            return
        try:
            with transaction.atomic():
                self.form_valid(form)
        except ValidationError as e:
            self._set_status("error", "Couldn't save: " + " ".join(e.messages))
            self._store_draft()
            return
        except Exception as e:
            logger.exception("%s.form_valid failed", type(self).__name__)
            why = str(e) if settings().debug and str(e) else "the server failed (it is logged)"
            self._set_status("error", f"Couldn't save: {why}")
            self._store_draft()
            return
        if isinstance(form, forms.BaseModelForm):
            self._object = form.instance
            self._loaded = self._snapshot(self._object)
        self._clear_draft()
        self._set_status("saved", "Saved")
        if final and self.success_url:
            self.navigate(self.success_url)

    def _set_status(self, kind: str, text: str) -> None:
        self.status_kind, self.status = kind, text

    # ----- drafts: what the user typed survives a reload, in their session ------------

    def _draft_key(self) -> str:
        pk = getattr(self._object, "pk", None)
        return f"djust.draft:{type(self).path()}:{pk if pk is not None else 'new'}"

    def _restore_draft(self, request) -> None:
        session = getattr(request, "session", None)
        if session is None:
            return
        if not getattr(request, "djust_live", False) and session.session_key is None:
            # A session for the drafts, so that the browser has its cookie before
            # the socket (which cannot set cookies) writes one.
            session["djust"] = True
        draft = session.get(self._draft_key())
        if not draft:
            return
        for name, value in draft.get("data", {}).items():
            if name in self._data:
                self._data[name] = value
                self._touched.add(name)
        self._changed = bool(self._touched)
        self._set_status("draft", "Draft restored: not saved yet")

    def _store_draft(self) -> None:
        data = {name: self._data[name] for name in self._touched if name in self._data}
        self._write_draft({"data": data})

    def _clear_draft(self) -> None:
        self._write_draft(None)

    def _write_draft(self, draft) -> None:
        session = getattr(self.request, "session", None)
        if session is None:
            return
        key = self._draft_key()
        live = getattr(self.request, "djust_live", False)

        def write():
            if draft is not None:
                session[key] = draft
            elif session.pop(key, None) is None:
                return
            if live:  # over HTTP Django's middleware saves the session
                session.save()

        if live:
            self.defer(write)  # after the reply: the page need not wait for the store
        else:
            write()

    # ----- without JavaScript -----------------------------------------------------------

    def http_post(self, request):
        """An ordinary form POST: saved and redirected when valid, else the page
        again with every error."""
        self._data = request.POST
        self._changed = self._submitted = True
        form = self._form()
        if not form.is_valid():
            self._set_status("invalid", "Not saved: " + _first_error(form))
            return None
        self._save(form)
        if self.status_kind != "saved":
            return None
        return HttpResponseRedirect(self.success_url or request.get_full_path())


def _render_key(bf):
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


def _first_error(form) -> str:
    for name, errors in form.errors.items():
        label = form[name].label if name in form.fields else ""
        return f"{label}: {errors[0]}" if label else errors[0]
    return ""


def _comparable(values: dict) -> dict:
    """``model_to_dict``'s values with related objects as their keys."""
    return {
        k: [getattr(x, "pk", x) for x in v] if isinstance(v, list) else getattr(v, "pk", v)
        for k, v in values.items()
    }
