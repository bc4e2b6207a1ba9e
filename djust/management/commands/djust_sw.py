"""``manage.py djust_sw``: the project's own service worker.

    python manage.py djust_sw build           # Djust's worker + DJUST["SW_EXTENSIONS"]
    python manage.py djust_sw build --check   # fail when the built worker is stale (CI)

Only for projects that add their own worker modules: Djust's worker ships prebuilt.
Each extension is a file path, or a static file name staticfiles finds
(``"shop/sw/push.js"``); it may import Djust's modules as ``djust-sw/<module>.js``.
The worker is written to ``DJUST["SW_OUTPUT"]``, else to the first
``STATICFILES_DIRS`` entry as ``djust/djust-sw.js``, where staticfiles finds it before
Djust's own; ``DjustMiddleware`` serves it. Bundling uses the pinned esbuild binary
(``djust.esbuild``), fetched once from the npm registry: no npm or Node needed.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.management.base import BaseCommand, CommandError

from djust import esbuild
from djust.conf import settings
from djust.serviceworker import WORKER


def extensions() -> list[Path]:
    found = []
    for name in settings().sw_extensions:
        path = Path(name) if Path(name).is_absolute() else None
        if path is None:
            located = finders.find(name)
            path = Path(located) if located else None
        if path is None or not path.is_file():
            raise CommandError(
                f"DJUST['SW_EXTENSIONS'] names {name!r}, which is not a file nor a static "
                f"file staticfiles finds (code: sw.extension-missing)"
            )
        found.append(path)
    return found


def output() -> Path:
    conf = settings()
    if conf.sw_output:
        return Path(conf.sw_output)
    if conf.staticfiles_dirs:
        first = conf.staticfiles_dirs[0]
        directory = first[1] if isinstance(first, (tuple, list)) else first
        return Path(directory) / WORKER
    raise CommandError(
        "Nowhere to write the worker: set DJUST['SW_OUTPUT'] or STATICFILES_DIRS "
        "(code: sw.no-output)"
    )


class Command(BaseCommand):
    help = "Build the project's service worker: Djust's and DJUST['SW_EXTENSIONS']."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["build"])
        parser.add_argument(
            "--check",
            action="store_true",
            help="Build to a temporary file and fail if the written worker differs.",
        )

    def handle(self, *args, check: bool = False, **options):
        out, modules = output(), extensions()
        try:
            if check:
                with tempfile.TemporaryDirectory() as tmp:
                    fresh = Path(tmp) / "djust-sw.js"
                    esbuild.build_worker(modules, fresh)
                    if not out.is_file() or out.read_bytes() != fresh.read_bytes():
                        raise CommandError(
                            f"{out} is stale or missing: run `manage.py djust_sw build` "
                            f"(code: sw.stale)"
                        )
                self.stdout.write(f"{out} is up to date")
                return
            out.parent.mkdir(parents=True, exist_ok=True)
            esbuild.build_worker(modules, out)
        except esbuild.BuildError as e:
            raise CommandError(str(e)) from None
        names = ", ".join(str(m) for m in modules) or "no extensions"
        self.stdout.write(f"built {out} ({out.stat().st_size} bytes; {names})")
