"""Formsets in live forms: their values live in the view's data under their prefix
(``items-0-sku``), with the management form's counts; rows are added by growing
``TOTAL_FORMS`` and removed by Django's own ``DELETE`` flag."""

from __future__ import annotations

from djust.exceptions import Refused

_TRUE = (True, "on", "true", "True", "1")


def form_values(form) -> dict:
    """A form's current values, keyed by their names in the submitted data."""
    return {form.add_prefix(name): form[name].value() for name in form.fields}


def initial_data(formset) -> dict:
    """An unbound formset's data as it would be submitted: the management form's
    counts and each row's values."""
    management = formset.management_form
    data = {management.add_prefix(k): v for k, v in management.initial.items()}
    for form in formset.forms:
        data.update(form_values(form))
    return data


def total(data, prefix: str) -> int:
    try:
        return int(data.get(f"{prefix}-TOTAL_FORMS", 0))
    except (TypeError, ValueError):
        return 0


def is_deleted(data, prefix: str, index) -> bool:
    return data.get(f"{prefix}-{index}-DELETE") in _TRUE


def add_row(data: dict, formset) -> None:
    """A blank row at the end of ``formset`` (as built from ``data``)."""
    prefix, rows = formset.prefix, total(data, formset.prefix)
    limit = formset.max_num if formset.validate_max else formset.absolute_max
    if rows >= limit:
        raise Refused("event.bad-params", f"{prefix} has room for {limit} rows at most")
    for name, value in form_values(formset.empty_form).items():
        data[name.replace("__prefix__", str(rows), 1)] = value
    data[f"{prefix}-TOTAL_FORMS"] = rows + 1


def remove_row(data: dict, formset, index) -> None:
    """Mark a row deleted (Django's ``DELETE``): an existing object is deleted on
    save, a new row is dropped."""
    if not formset.can_delete:
        raise Refused("event.bad-params", f"rows of {formset.prefix} cannot be removed")
    if not isinstance(index, int) or not 0 <= index < total(data, formset.prefix):
        raise Refused("event.bad-params", f"{formset.prefix} has no row {index!r}")
    data[f"{formset.prefix}-{index}-DELETE"] = "on"


def complete(data: dict, formset) -> None:
    """Give rows that ``data`` counts but lacks (a restored draft's added rows) the
    blank row's values."""
    blank = form_values(formset.empty_form)
    for index in range(total(data, formset.prefix)):
        for name, value in blank.items():
            data.setdefault(name.replace("__prefix__", str(index), 1), value)
