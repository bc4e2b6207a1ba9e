"""``manage.py djust_scan``: what a template reads, and the queries a page runs.

python manage.py djust_scan shop/orders.html      # the variable paths, with places
python manage.py djust_scan --url /orders/         # GET the page, print its SQL
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.template import TemplateDoesNotExist, engines
from django.test import Client
from django.test.utils import CaptureQueriesContext

from djust.template import DjustTemplates
from djust.template.fetch import reads_of


def _backend() -> DjustTemplates:
    for engine in engines.all():
        if isinstance(engine, DjustTemplates):
            return engine
    raise CommandError(
        "No djust.template.DjustTemplates backend in TEMPLATES: add one to scan "
        "templates (code: scan.no-backend)"
    )


def _place(place) -> str:
    template, line = place
    return f"{template or '<string>'}:{line}"


class Command(BaseCommand):
    help = "Print the variable paths a template reads, or the SQL a page runs."

    def add_arguments(self, parser):
        parser.add_argument("template", nargs="?", help="a template name, as views use it")
        parser.add_argument("--url", help="GET this path and print the queries it runs")

    def handle(self, *args, template=None, url=None, **options):
        if not template and not url:
            raise CommandError("Name a template or pass --url (code: scan.nothing-to-do)")
        if template:
            self.scan(template)
        if url:
            self.queries(url)

    def scan(self, name: str) -> None:
        backend = _backend()
        try:
            compiled = backend.find(name)[0]
        except TemplateDoesNotExist:
            raise CommandError(
                f"Template {name!r} not found (code: template.does-not-exist)"
            ) from None
        reads = reads_of(backend, compiled)
        self.stdout.write(f"{name} reads:")
        rows: dict[str, list[str]] = {}
        for root_reads in reads.by_root.values():
            for segs, whole, place in root_reads:
                path = segs[0] + "".join(s if s == "[]" else f".{s}" for s in segs[1:])
                label = f"{path} (whole)" if whole else path
                rows.setdefault(label, []).append(_place(place))
        width = max((len(k) for k in rows), default=0)
        for label in sorted(rows):
            places = ", ".join(dict.fromkeys(rows[label]))
            self.stdout.write(f"  {label:<{width}}  {places}")
        for reason, place in reads.opaque:
            self.stdout.write(f"  opaque: {reason} ({_place(place)})")

    def queries(self, url: str) -> None:
        hosts = [h.lstrip(".") for h in settings.ALLOWED_HOSTS if h not in ("*", "")]
        client = Client(HTTP_HOST=hosts[0] if hosts else "localhost")
        with CaptureQueriesContext(connections["default"]) as captured:
            response = client.get(url)
        path = urlsplit(url).path
        count = len(captured.captured_queries)
        self.stdout.write(f"GET {path}: {response.status_code}, {count} queries")
        for i, q in enumerate(captured.captured_queries, 1):
            self.stdout.write(f"  {i}. {q['sql']}")
