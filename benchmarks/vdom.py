"""Patches: bytes on the wire and the time to render and diff.

Bytes are the compact JSON of the ops (what the socket carries). Times are medians
of a render through Djust's backend plus the diff against the previous render, in
one process.

    make bench
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

COUNTER = (
    '<div class="counter"><button dj-click="decrement">-</button> '
    '<span class="count">{{ count }}</span> '
    '<button dj-click="increment" dj-value-by="1">+</button></div>'
)
TABLE = """<table class="orders">
  <thead><tr><th>#</th><th>Customer</th><th>Status</th><th>Total</th></tr></thead>
  <tbody>
  {% for row in rows %}<tr dj-key="{{ row.id }}"><td>{{ row.id }}</td><td>{{ row.name }}</td><td class="{{ row.status }}">{{ row.status|title }}</td><td>{{ row.total }}</td></tr>
  {% endfor %}</tbody>
</table>"""
FORM = """<form method="post">{% for f in fields %}
  <div class="field"><label for="id_{{ f.name }}">{{ f.label }}</label><input id="id_{{ f.name }}" name="{{ f.name }}" value="{{ f.value }}">{% for e in f.errors %}<p class="error">{{ e }}</p>{% endfor %}</div>{% endfor %}
  <button>Save</button>
</form>"""


def setup():
    import django
    from django.conf import settings

    settings.configure(INSTALLED_APPS=["djust"], USE_TZ=True)
    django.setup()


def rows(n, changed=None):
    out = [
        {"id": i, "name": f"Customer {i}", "status": "paid" if i % 3 else "open", "total": i * 7}
        for i in range(n)
    ]
    if changed is not None:
        out[changed] = {**out[changed], "total": 999999}
    return out


def median_us(fn, runs=50):
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples) * 1e6


def main() -> int:
    setup()
    from djust.template import DjustTemplates
    from djust.vdom import Tree, diff_json

    backend = DjustTemplates({"NAME": "b", "DIRS": [], "APP_DIRS": False, "OPTIONS": {}})
    counter, table, form = (backend.from_string(s) for s in (COUNTER, TABLE, FORM))

    base = rows(1000)
    table_html = table.render({"rows": base})
    one_cell = table.render({"rows": rows(1000, changed=500)})
    top = [{"id": -1, "name": "New customer", "status": "open", "total": 1}, *base]
    top_html = table.render({"rows": top})
    new_row = table.render({"rows": top[:1]}).split("<tbody>\n  ")[1].split("\n  </tbody>")[0]
    reversed_html = table.render({"rows": base[::-1]})
    fields = [
        {"name": f"f{i}", "label": f"Field {i}", "value": f"v{i}", "errors": []} for i in range(100)
    ]
    form_html = form.render({"fields": fields})
    fields[40] = {**fields[40], "errors": ["Enter a valid email address."]}
    form_err = form.render({"fields": fields})

    sizes = [
        (
            "counter: text change",
            diff_json(counter.render({"count": 5}), counter.render({"count": 6})),
            40,
        ),
        ("1000-row keyed table: one cell changed", diff_json(table_html, one_cell), 60),
        (
            "1000-row keyed table: row inserted at top",
            diff_json(table_html, top_html),
            len(new_row.encode()) + 40,
        ),
        ("1000-row keyed table: reversed", diff_json(table_html, reversed_html), 8192),
        ("100-field form: one error message added", diff_json(form_html, form_err), 200),
    ]
    print(f"{'patch':44} {'bytes':>7} {'limit':>7}")
    ok = True
    for label, patch, limit in sizes:
        size = len(patch.encode())
        ok &= size <= limit
        print(f"{label:44} {size:7} {limit:7}")

    # What a live view does per event: render, then diff against the tree it keeps.
    # The two states' rows are built once: the event is the render and the diff,
    # not building 1000 dicts in Python.
    table_tree = Tree(table_html)
    states = [{"rows": rows(1000, changed=500)}, {"rows": rows(1000)}]
    state = {"flip": False}

    def table_event():
        state["flip"] = not state["flip"]
        table_tree.update(table.render(states[0 if state["flip"] else 1]))

    counter_tree = Tree(counter.render({"count": 0}))
    counter_state = {"n": 0}

    def counter_event():
        counter_state["n"] += 1
        counter_tree.update(counter.render({"count": counter_state["n"]}))

    render_only = median_us(lambda: table.render({"rows": base}))
    diff_only = median_us(lambda: diff_json(table_html, one_cell))
    print()
    print(f"{'render + diff (median)':44} {'time':>9} {'target':>8}")
    print(f"{'1000-row table, one cell changed':44} {median_us(table_event):7.0f}us {2000:6}us")
    print(f"{'  of which render':44} {render_only:7.0f}us")
    print(f"{'  diff from scratch (two parses + compare)':44} {diff_only:7.0f}us")
    print(f"{'counter':44} {median_us(counter_event, 500):7.1f}us {20:6}us")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
