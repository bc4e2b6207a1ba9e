"""The demo's orders page, queries included: Djust (the template scanner plans the
query) against Django rendering the same view.

The view passes ``Order.objects.all()``; the table shows each order's customer and
items. Three ways, in the same process on the demo's sample data (an in-memory
SQLite database migrated at start):

- Django as written: Django's engine, the queryset as the view passes it (N+1).
- Django, hand-tuned: Django's engine with the select_related/prefetch_related a
  careful developer adds by hand (the reference a scanner should reach).
- Djust: Djust's backend, the queryset as the view passes it.

Each round times the three back to back; speed-ups are medians of the rounds' ratios.

    make bench
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup():
    sys.path.insert(0, str(ROOT / "demo"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "demo.settings"
    os.environ["DJUST_DEMO_DB"] = ":memory:"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main(rounds: int = 25) -> int:
    setup()
    from django.db import connection
    from django.template import engines
    from django.test.utils import CaptureQueriesContext
    from shop.models import Order

    name = "shop/orders_table.html"
    django_t = engines["django"].get_template(name)
    djust_t = engines.all()[0].get_template(name)  # the project default: Djust
    ways = {
        "Django as written": (django_t, lambda: Order.objects.all()),
        "Django, hand-tuned": (
            django_t,
            lambda: Order.objects.select_related("customer").prefetch_related("items"),
        ),
        "Djust": (djust_t, lambda: Order.objects.all()),
    }

    def run(way):
        template, rows = ways[way]
        t0 = time.perf_counter()
        out = template.render({"orders": rows()})
        return time.perf_counter() - t0, out

    outputs, counts = {}, {}
    for way in ways:
        with CaptureQueriesContext(connection) as q:
            outputs[way] = run(way)[1]
        counts[way] = len(q.captured_queries)
    identical = len(set(outputs.values())) == 1

    samples = {way: [] for way in ways}
    for _ in range(rounds):
        for way in ways:
            samples[way].append(run(way)[0])
    base = samples["Django as written"]
    title = "orders page (100 rows, customer, items)"
    print(f"{title:42} {'queries':>8} {'median':>10} {'speed-up':>9}")
    for way in ways:
        ratios = [b / s for b, s in zip(base, samples[way], strict=True)]
        median = statistics.median(samples[way])
        print(f"{way:42} {counts[way]:8} {median * 1e3:8.2f}ms {statistics.median(ratios):8.1f}x")
    print(f"identical output: {identical}")
    return 0 if identical else 1


if __name__ == "__main__":
    raise SystemExit(main())
