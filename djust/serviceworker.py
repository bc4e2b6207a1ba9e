"""The service worker as ``DjustMiddleware`` serves it: the built worker (Djust's, or
the project's own from ``manage.py djust_sw build``) after a one-line prelude,
``self.DJUST_SW = {...}``, with what only the project knows: the files to precache
(each with its revision), the offline page, prefetch limits and the version.

The version is a hash of the whole script, so any change to the worker, to a
precached file or to ``DJUST['SW_VERSION']`` makes browsers install it again.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from pathlib import Path

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import ImproperlyConfigured as DjangoImproperlyConfigured
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.translation import get_language, gettext

from djust.conf import settings

#: The worker Djust ships, and where the project's own build goes (staticfiles
#: finds a project's STATICFILES_DIRS before Djust's app directory).
WORKER = "djust/djust-sw.js"
RUNTIME = "djust/djust.js"
_OFFLINE = (
    '<section class="djust-offline"><h1>You are offline</h1><p>This page has not been '
    "saved for offline use. It will load when you are back online.</p></section>"
)


@dataclass(frozen=True)
class Script:
    body: bytes
    version: str


class _Built:
    """Scripts built for one settings object, by language."""

    def __init__(self):
        self.lock = threading.Lock()
        self.settings = None
        self.scripts: dict[str, Script] = {}

    def get(self, conf, language: str) -> Script:
        with self.lock:
            if self.settings is not conf:  # the settings changed (override_settings)
                self.settings, self.scripts = conf, {}
            if language not in self.scripts:
                self.scripts[language] = _build()
            return self.scripts[language]


_built = _Built()


def script() -> Script:
    """The worker script for the active language (the offline page is translated).
    Built once per language, or on every request in DEBUG, so an edited precached
    file gives a new version without a restart."""
    conf = settings()
    return _build() if conf.debug else _built.get(conf, get_language())


def version() -> str:
    return script().version


def worker_path() -> Path:
    """The built worker to serve: ``DJUST['SW_OUTPUT']`` when built there, else what
    staticfiles finds (the project's build first, then Djust's own)."""
    output = settings().sw_output
    if output and Path(output).is_file():
        return Path(output)
    found = finders.find(WORKER)
    if not found:
        return Path(__file__).resolve().parent / "static" / WORKER
    return Path(found)


def precache() -> list[list]:
    """``[url, revision]`` for the runtime and each ``DJUST['PRECACHE']`` file; the
    revision is ``None`` when the URL is content-hashed already (manifest storage)."""
    entries = []
    for name in (RUNTIME, *settings().precache):
        url = static(name)
        hashed = not url.endswith(name)
        entries.append([url, None if hashed else _revision(name)])
    return entries


def _revision(name: str) -> str:
    path = finders.find(name)
    if not path:
        try:
            path = staticfiles_storage.path(name)
        except (NotImplementedError, DjangoImproperlyConfigured):  # a storage without local paths
            path = None
    if not path or not Path(path).is_file():
        from djust.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"DJUST['PRECACHE'] names {name!r}, which staticfiles cannot find "
            f"(code: config.precache-missing)"
        )
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def offline_html() -> str:
    """The main region shown for a page the worker has not saved, offline
    (``djust/offline.html``, which a project may override)."""
    try:
        return render_to_string("djust/offline.html").strip()
    except TemplateDoesNotExist:
        return _OFFLINE


def _build() -> Script:
    conf = settings()
    worker = worker_path().read_bytes()
    data = {
        "precache": precache(),
        "offline": offline_html(),
        "shell": conf.app_shell,
        "prefetch": {"max": conf.prefetch_max, "ttl": conf.prefetch_ttl * 1000},
        "viewerCookie": conf.viewer_cookie,
        "forms": {
            "title": gettext("Saved"),
            "queued": gettext("Saved: it will be sent when you are back online."),
            "sent": gettext("Sent."),
            "failed": gettext("Not sent: the server refused it (%s)."),
        },
    }
    digest = hashlib.sha256(worker)
    digest.update(json.dumps(data, sort_keys=True).encode())
    digest.update(conf.sw_version.encode())
    data["version"] = digest.hexdigest()[:12]
    prelude = "self.DJUST_SW=" + json.dumps(data, separators=(",", ":")) + ";\n"
    return Script(prelude.encode() + worker, data["version"])


def manifest() -> dict:
    """The web app manifest: ``DJUST['MANIFEST']`` over defaults that keep the site a
    normal browser tab."""
    return {"start_url": "/", "scope": "/", "display": "browser", **settings().manifest}
