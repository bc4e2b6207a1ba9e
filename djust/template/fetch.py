"""The template scanner applied to a render: what a compiled template reads (scanned
once, cached by the backend), and the context values it can fetch better.

``better_values(backend, compiled, lookup)`` returns replacements for the context
names whose values are querysets (re-planned with ``select_related``,
``prefetch_related`` and ``only()``), and prefetches in place the relations read on
model instances and lists of them. See ``djust.queries`` for the plans themselves.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Model, QuerySet
from django.template import TemplateDoesNotExist, TemplateSyntaxError

from djust import _rust
from djust.conf import settings
from djust.queries import (
    Plan,
    Read,
    apply_to_instances,
    apply_to_queryset,
    build,
    optimisable,
    reads_below,
    report_opaque,
)


class TemplateReads:
    """The scanner's answer for one compiled template, and the plans made from it."""

    def __init__(self, reads, opaque):
        self.by_root: dict[str, list[Read]] = defaultdict(list)
        for segs, whole, template, line in reads:
            self.by_root[segs[0]].append((tuple(segs), whole, (template, line)))
        #: The context names the template reads, checked on every render.
        self.roots = tuple(self.by_root)
        #: Places the scanner could not follow: every model's columns stay whole.
        self.opaque = [(reason, (template, line)) for reason, template, line in opaque]
        self._plans: dict = {}

    def plan(self, root: str, model, computed: frozenset, items: bool) -> Plan:
        key = (root, model, computed, items)
        plan = self._plans.get(key)
        if plan is None:
            reads = self.by_root[root]
            if items:
                reads = reads_below(root, reads)[1]
            else:
                reads = [(segs[1:], whole, place) for segs, whole, place in reads]
            plan = build(model, reads, computed)
            _mark_opaque(plan, self.opaque)
            self._plans[key] = plan
        return plan


def _mark_opaque(plan: Plan, reasons) -> None:
    if reasons:
        plan.opaque.extend(reasons)
        for sub in (*plan.joins.values(), *plan.prefetches.values()):
            _mark_opaque(sub, reasons)


def reads_of(backend, compiled) -> TemplateReads:
    """What ``compiled`` reads, following its constant extends/includes (cached)."""
    hit = backend._scans.get(id(compiled))
    if hit is not None and hit[0] is compiled:
        return hit[1]

    def find(name, current):
        try:
            return backend.resolve_template(name, current, ())
        except (TemplateDoesNotExist, TemplateSyntaxError):
            return None

    result = TemplateReads(*_rust.scan(compiled, find))
    backend._scans[id(compiled)] = (compiled, result)
    return result


def _model_instances(value) -> list | None:
    """``value`` as a list of instances of one model (a model instance, or a list or
    tuple of them), else None. Lazy objects are left alone."""
    if issubclass(type(value), Model):
        return [value]
    if type(value) in (list, tuple) and value:
        model = type(value[0])
        if issubclass(model, Model) and all(type(v) is model for v in value):
            return list(value)
    return None


#: Types a context value often has that hold no rows: skipped at once.
_PLAIN = frozenset({str, int, float, bool, dict, type(None)})

_MISSING = object()


def context_getter(dicts: list):
    """``get(name, default)`` over a Django context's dicts (innermost last)."""

    def get(name, default):
        for d in reversed(dicts):
            if name in d:
                return d[name]
        return default

    return get


def better_values(backend, compiled, get) -> dict:
    """Replacements for the context values the template can fetch better; relations
    of model instances are prefetched in place. ``get(name, default)`` reads the
    context (a dict's ``get`` for a plain dict). This runs on every render: values
    that cannot hold rows are skipped by their type."""
    reads = reads_of(backend, compiled)
    out = {}
    for root in reads.roots:
        value = get(root, _MISSING)
        kind = type(value)
        if kind in _PLAIN or value is _MISSING:
            continue
        if (kind is list or kind is tuple) and (not value or type(value[0]) in _PLAIN):
            continue
        if isinstance(value, QuerySet):
            if not optimisable(value):
                continue
            computed = frozenset(value.query.annotations) | frozenset(value.query.extra)
            plan = reads.plan(root, value.model, computed, items=True)
            out[root] = apply_to_queryset(value, plan)
        elif (instances := _model_instances(value)) is not None:
            is_list = instances[0] is not value
            plan = reads.plan(root, type(instances[0]), frozenset(), items=is_list)
            apply_to_instances(instances, plan)
        else:
            continue
        if settings().debug:
            report_opaque(plan, root)
    return out
