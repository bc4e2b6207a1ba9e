"""Render speed of Djust's backend against Django's, through the backend API.

Both backends render the same three templates with the same context in the same
process. Each round times Django then Djust back to back, and the speedup is the
median of the rounds' ratios: this machine's speed drifts by tens of percent over
seconds, and a ratio of two adjacent timings cancels the drift where a ratio of two
medians does not. Outputs must be byte-identical. Prints medians and the speedup.

    make bench
"""

from __future__ import annotations

import decimal
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))


def setup():
    import django
    from django.conf import settings

    settings.configure(INSTALLED_APPS=["djust"], USE_TZ=True)
    django.setup()


def backends():
    from django.template.backends.django import DjangoTemplates

    from djust.template import DjustTemplates

    def params(name):
        return {"NAME": name, "DIRS": [ROOT / "templates"], "APP_DIRS": False, "OPTIONS": {}}

    return DjangoTemplates(params("django")), DjustTemplates(params("djust"))


def table_context():
    statuses = ["paid", "pending", "refunded", "paid", "shipped"]
    orders = []
    for i in range(100):
        orders.append(
            {
                "id": i,
                "urgent": i % 7 == 0,
                "status": statuses[i % len(statuses)],
                "customer": {
                    "id": 1000 + i,
                    "name": f"customer {i} o'brien",
                    "email": f"C{i}@Example.COM",
                },
                "items": [f"SKU-{i}-{j}" for j in range(i % 4)],
                "total": decimal.Decimal(f"{i * 3}.99"),
                "notes": "Leave at the door <please> & ring twice" if i % 3 else "",
            }
        )
    return {"orders": orders}


def page_context():
    def product(i):
        return {
            "name": f"Product {i} <deluxe>",
            "description": "A very fine product that does many things well and a few things "
            "even better than that, with care.",
            "price": decimal.Decimal(f"{i}9.95"),
            "stock": i % 3,
        }

    return {
        "nav": [{"url": f"/s/{i}/", "label": f"Section {i}", "active": i == 2} for i in range(6)],
        "year": 2026,
        "site_name": "Shop & Co",
        "product": product(1),
        "related": [product(i) for i in range(2, 8)],
        "reviews": [
            {"author": f"user{i}", "stars": i % 5 + 1, "text": "Great.\nWould buy again <3"}
            for i in range(10)
        ],
    }


def form_context():
    kinds = ["text", "email", "number", "textarea", "select"]
    fields = []
    for i in range(50):
        kind = kinds[i % len(kinds)]
        fields.append(
            {
                "name": f"field_{i}",
                "label": f"Field {i} label",
                "kind": kind,
                "required": i % 2 == 0,
                "value": None if i % 4 == 0 else f"value {i} <x>",
                "help_text": "Use letters & digits" if i % 5 == 0 else "",
                "choices": [(str(c), f"Choice {c}") for c in range(5)] if kind == "select" else [],
                "errors": ["This field is required.", "Enter a valid value."] if i % 6 == 0 else [],
            }
        )
    return {
        "action": "/submit/?a=1&b=2",
        "token": "tok",
        "non_field_errors": ["Please fix the errors below."],
        "fields": fields,
        "submit_label": "",
    }


CASES = [
    ("100-row table: filters, if/elif, cycle", "table.html", table_context),
    ("page: extends, 3 blocks + block.super, include", "page.html", page_context),
    ("50-field form with error loops", "form.html", form_context),
]


def measure(template, ctx, inner: int) -> float:
    """Seconds per render, averaged over ``inner`` renders."""
    t0 = time.perf_counter()
    for _ in range(inner):
        template.render(ctx)
    return (time.perf_counter() - t0) / inner


def main(rounds: int = 60) -> int:
    setup()
    dj, us = backends()
    print(f"{'template':50} {'Django':>10} {'Djust':>10} {'speedup':>8}  identical")
    worst = None
    for label, name, make_ctx in CASES:
        ctx = make_ctx()
        tdj, tus = dj.get_template(name), us.get_template(name)
        identical = tdj.render(ctx) == tus.render(ctx)
        dj_s, us_s, ratios = [], [], []
        for _ in range(rounds):
            d, u = measure(tdj, ctx, 5), measure(tus, ctx, 50)
            dj_s.append(d)
            us_s.append(u)
            ratios.append(d / u)
        d, u = statistics.median(dj_s), statistics.median(us_s)
        speedup = statistics.median(ratios)
        worst = speedup if worst is None else min(worst, speedup)
        print(f"{label:50} {d * 1e6:8.0f}us {u * 1e6:8.1f}us {speedup:7.1f}x  {identical}")
        if not identical:
            return 1
    print(f"slowest speedup: {worst:.1f}x (target: 20x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
