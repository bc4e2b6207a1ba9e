"""Fetch what the template reads: query plans built from the template scanner's paths.

For a ``QuerySet`` (or a model instance, or a list of them) that a template reads,
the paths it reads below that value become a plan: ``select_related`` for forward
foreign keys and one-to-ones, ``prefetch_related`` with a nested
``Prefetch(queryset=...only(...))`` for reverse and many-to-many relations, and
``only()`` for the columns. A path the plan cannot account for (a property, a method,
a value printed whole, whose ``__str__`` may read anything) turns the column
restriction off for that model: correct before fast. Restricting columns can never
change what renders: a deferred field a template does read is loaded on access.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

from django.db.models import Model, Prefetch, QuerySet, prefetch_related_objects
from django.db.models.query import ModelIterable

logger = logging.getLogger("djust.queries")

#: A path below a value: (segments, whole, (template name, line)). ``"[]"`` is an
#: iteration; ``whole`` means the value itself was printed or passed to Python.
Read = tuple[tuple[str, ...], bool, tuple]

_DISPLAY = re.compile(r"get_(\w+)_display")
#: QuerySet methods a template can call that return one item.
_ITEM_METHODS = {"first", "last", "earliest", "latest", "get"}
#: Manager/QuerySet methods whose answer a prefetch serves from its cache.
_CACHED_METHODS = {"all", "count", "exists"}


@dataclass
class Plan:
    """What to fetch for one model, and below it."""

    model: type[Model]
    fields: set[str] = field(default_factory=set)
    #: Why the model's columns cannot be restricted: (reason, place) pairs.
    opaque: list[tuple[str, tuple]] = field(default_factory=list)
    #: Forward FK/one-to-one and reverse one-to-one relations: select_related.
    joins: dict[str, Plan] = field(default_factory=dict)
    #: Reverse foreign keys and many-to-many relations: prefetch_related.
    prefetches: dict[str, Plan] = field(default_factory=dict)

    def columns(self) -> list[str]:
        """The field names ``only()`` needs for this model."""
        meta = self.model._meta
        if self.opaque:
            return [f.name for f in meta.concrete_fields]
        return sorted({meta.pk.name, *self.fields})


@cache
def _attributes(model) -> dict:
    """Every name a template can read on an instance: fields, FK attnames, reverse
    relation accessors."""
    names = {}
    for f in model._meta.get_fields():
        if f.auto_created and not f.concrete:
            accessor = f.get_accessor_name()
            if accessor:
                names[accessor] = f
        else:
            names[f.name] = f
            attname = getattr(f, "attname", None)
            if attname and attname != f.name:
                names[attname] = f
    names["pk"] = model._meta.pk
    return names


def _item_reads(rest: tuple[str, ...], whole: bool, place) -> list[Read] | None:
    """Reads of the items of a to-many manager, from what follows the manager's name;
    ``None`` when no prefetch serves it."""
    if not rest or rest[0] not in _CACHED_METHODS:
        # The manager itself fetches nothing; first/latest/... query anew whatever
        # is prefetched.
        return None
    method, after = rest[0], rest[1:]
    if method != "all":
        return [((), False, place)]  # count/exists: answered from the prefetch
    if not after:
        return [((), whole, place)]  # the items as a whole (printed, or truth)
    if after[0] == "[]" or after[0].isdigit():
        return [(after[1:], whole, place)]
    if after[0] in _ITEM_METHODS:
        return None
    return [((), False, place)]


def build(model, reads: list[Read], computed: frozenset = frozenset()) -> Plan:
    """The plan for ``reads`` below an instance of ``model``. ``computed`` names
    values the query computes (annotations): read, but not columns."""
    plan = Plan(model)
    if model._meta.parents:
        plan.opaque.append(("multi-table inheritance", ()))
    attributes = _attributes(model)
    joins: dict[str, list[Read]] = defaultdict(list)
    prefetches: dict[str, list[Read]] = defaultdict(list)
    for segs, whole, place in reads:
        if not segs:
            if whole:
                plan.opaque.append((f"a {model.__name__} is printed or passed whole", place))
            continue
        name, rest = segs[0], segs[1:]
        if name in computed:
            continue
        f = attributes.get(name)
        if f is None:
            display = _DISPLAY.fullmatch(name)
            target = attributes.get(display[1]) if display else None
            if target is not None and getattr(target, "choices", None) and target.concrete:
                plan.fields.add(target.name)
            else:
                plan.opaque.append((f"{model.__name__}.{name} is not a field", place))
            continue
        if not f.is_relation or name == getattr(f, "attname", None) != f.name:
            plan.fields.add(f.name)
        elif f.many_to_many or f.one_to_many:
            items = _item_reads(rest, whole, place)
            if items is not None:
                prefetches[name].extend(items)
        else:  # forward FK / one-to-one, or reverse one-to-one
            if f.concrete:
                plan.fields.add(f.name)
            joins[name].append((rest, whole, place))
    for name, sub_reads in joins.items():
        plan.joins[name] = build(attributes[name].related_model, sub_reads)
    for name, sub_reads in prefetches.items():
        rel = attributes[name]
        sub = build(rel.related_model, sub_reads)
        if rel.one_to_many:
            sub.fields.add(rel.field.name)  # the key the prefetch matches items by
        plan.prefetches[name] = sub
    return plan


def reads_below(name: str, reads: list[Read]) -> tuple[list[Read], list[Read]]:
    """Split the reads of context name ``name`` into reads of the value itself
    (a queryset: ``orders.count``) and reads of its items (``orders[].number``)."""
    own, items = [], []
    for segs, whole, place in reads:
        if not segs or segs[0] != name:
            continue
        rest = segs[1:]
        if rest and (rest[0] == "[]" or rest[0].isdigit() or rest[0] in _ITEM_METHODS):
            items.append((rest[1:], whole, place))
        else:
            own.append((rest, whole, place))
    return own, items


def _lookups(plan: Plan, prefix: str, select: list, only: list, prefetch: list) -> None:
    only.extend(prefix + c for c in plan.columns())
    for name, sub in plan.joins.items():
        select.append(prefix + name)
        _lookups(sub, f"{prefix}{name}__", select, only, prefetch)
    for name, sub in plan.prefetches.items():
        related = sub.model._default_manager.all()
        prefetch.append(Prefetch(prefix + name, queryset=apply_to_queryset(related, sub)))


def optimisable(qs: QuerySet) -> bool:
    """Whether a queryset may be re-planned: unevaluated model rows, not a union, and
    columns not already chosen with only()/defer() (the caller's choice stands)."""
    return (
        qs._result_cache is None
        and qs._iterable_class is ModelIterable
        and not qs.query.combinator
        and qs.query.deferred_loading == (frozenset(), True)
    )


def apply_to_queryset(qs: QuerySet, plan: Plan) -> QuerySet:
    """``qs`` fetching what ``plan`` needs (``qs`` must be :func:`optimisable`).
    Prefetches the caller already named are not replaced."""
    select: list[str] = []
    only: list[str] = []
    prefetch: list[Prefetch] = []
    _lookups(plan, "", select, only, prefetch)
    if select:
        qs = qs.select_related(*select)
    taken = {getattr(p, "prefetch_to", p) for p in qs._prefetch_related_lookups}
    fresh = [p for p in prefetch if p.prefetch_to not in taken]
    if fresh:
        qs = qs.prefetch_related(*fresh)
    return qs.only(*only)


def apply_to_instances(instances: list[Model], plan: Plan) -> None:
    """Fetch, for model instances already loaded, the relations ``plan`` reads."""
    # Loaded instances cannot be joined any more: forward relations are prefetched
    # like the reverse ones.
    lookups = [
        Prefetch(name, queryset=apply_to_queryset(sub.model._default_manager.all(), sub))
        for name, sub in (*plan.joins.items(), *plan.prefetches.items())
    ]
    if lookups:
        prefetch_related_objects(instances, *lookups)


_REPORTED: set = set()


def report_opaque(plan: Plan, root: str) -> None:
    """In DEBUG: say, once per place, why a model's columns are not restricted."""
    for reason, place in plan.opaque:
        key = (root, plan.model, reason, place)
        if key not in _REPORTED:
            _REPORTED.add(key)
            where = f" ({place[0]}, line {place[1]})" if place else ""
            logger.warning(
                "djust: all columns of %s are fetched for %r: %s%s",
                plan.model.__name__,
                root,
                reason,
                where,
            )
    for sub in (*plan.joins.values(), *plan.prefetches.values()):
        report_opaque(sub, root)
