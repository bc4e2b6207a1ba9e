"""``LiveView``: a Django view whose state lives in Python and whose page updates
itself by patches.

The first GET renders the whole page over HTTP (it works without JavaScript and is
indexable). The page's runtime then joins the view over the socket; the server
mounts it again, and the page is not sent a second time: only patches follow.
"""

from __future__ import annotations

import asyncio
import functools
import logging

from asgiref.sync import async_to_sync
from django.http import HttpResponse, HttpResponseNotAllowed
from django.utils.decorators import classonlymethod

from djust.live.engine import engine
from djust.live.events import handlers
from djust.live.layer import channel_layer, check_group
from djust.live.worker import current_loop

#: Attribute names that are the framework's, never state.
FRAMEWORK = frozenset({"request"})


class Outbox:
    """What a view asked to send besides its patch: pushed events, a navigation,
    groups to join. The socket takes them after each handler."""

    __slots__ = ("pushes", "navigate", "groups", "deferred")

    def __init__(self):
        self.pushes: list[tuple[str, object]] = []
        self.navigate: tuple[str, bool] | None = None
        self.groups: set[str] = set()
        self.deferred: list = []

    def run_deferred(self) -> None:
        """Run (on the views' thread) what ``LiveView.defer`` queued; a failure is
        logged, never sent to the page, which has its reply already."""
        work, self.deferred = self.deferred, []
        for fn in work:
            try:
                fn()
            except Exception:
                logging.getLogger("djust.live").exception("deferred work %r failed", fn)


class LiveView:
    """Subclass it, set ``template_name`` (or ``template``), set state in
    ``mount``, and mark the methods the page may call with ``@event``."""

    #: The template file, found as Django finds templates.
    template_name: str | None = None
    #: Or the template source itself.
    template: str | None = None
    #: The page's ``<title>`` when the template is a fragment served in Djust's
    #: minimal document (the class name if empty).
    page_title: str = ""

    _djust_events: dict = {}
    #: ``http_post(request)``: a view that handles a POST without JavaScript returns
    #: a response, or None to serve its page as it now stands.
    http_post = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls._djust_events = handlers(cls)

    def __init__(self, request=None):
        self.request = request
        self._djust = Outbox()

    # ----- what users override ----------------------------------------------------

    def mount(self, request, **kwargs):
        """Set the view's initial state; ``kwargs`` are the URL's (or the
        ``{% live_render %}`` tag's) arguments."""

    def get_context_data(self) -> dict:
        """What the template sees: the view's public attributes, ``request`` and
        ``csrf_token`` (the page's, over HTTP and over the socket alike)."""
        context = {
            k: v for k, v in vars(self).items() if not k.startswith("_") and k not in FRAMEWORK
        }
        context["request"] = self.request
        context["csrf_token"] = getattr(self.request, "djust_csrf_token", "")
        return context

    def handle_broadcast(self, name: str, payload):
        """Called for each ``LiveView.broadcast`` to a group this view subscribed
        to; the page is patched afterwards."""

    # ----- what views call --------------------------------------------------------

    def push_event(self, name: str, payload=None) -> None:
        """Send the page a ``djust:<name>`` DOM event (on the view's root, bubbling)
        with ``payload`` as its ``detail``, after this handler's patch."""
        self._djust.pushes.append((str(name), payload))

    def navigate(self, url: str, replace: bool = False) -> None:
        """Take the page to ``url`` without a page load (a live navigation), pushing
        a history entry (or replacing the current one)."""
        self._djust.navigate = (str(url), bool(replace))

    def defer(self, fn) -> None:
        """Run ``fn()`` after this event's reply has gone to the page (on the views'
        thread, before the view's next event): for work the page need not wait for,
        such as persisting a draft."""
        self._djust.deferred.append(fn)

    def subscribe(self, group: str) -> None:
        """Receive ``LiveView.broadcast(group, ...)`` in ``handle_broadcast``."""
        self._djust.groups.add(check_group(group))

    @staticmethod
    def broadcast(group: str, name: str, payload=None) -> None:
        """Send ``(name, payload)`` to every live view subscribed to ``group``, in
        this process or, with a Redis channel layer, any other."""
        send = channel_layer().group_send(check_group(group), _message(group, name, payload))
        loop = current_loop()
        if loop is not None:  # in a view's handler: the socket's loop sends it
            asyncio.run_coroutine_threadsafe(send, loop)
        else:
            async_to_sync(_await)(send)

    @staticmethod
    async def abroadcast(group: str, name: str, payload=None) -> None:
        """``broadcast`` from async code."""
        await channel_layer().group_send(check_group(group), _message(group, name, payload))

    # ----- rendering ---------------------------------------------------------------

    @classmethod
    def compiled_template(cls):
        """``template_name``'s template (found as Django finds templates), else
        ``template``'s source."""
        if cls.template_name:
            return engine().get_template(cls.template_name)
        if cls.template is not None:
            return _from_string(engine(), cls.template)
        from djust.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"{cls.__qualname__} needs template_name or template (code: config.no-template)"
        )

    def render(self, extra: dict | None = None) -> str:
        """The view's HTML (its template rendered with ``get_context_data()``)."""
        context = self.get_context_data()
        if extra:
            context.update(extra)
        return self.compiled_template().render(context)

    # ----- as a Django view -----------------------------------------------------------

    @classonlymethod
    def as_view(cls, **initkwargs):
        """The Django view function: ``path("counter/", Counter.as_view())``."""
        for key in initkwargs:
            if not hasattr(cls, key) or key.startswith("_"):
                raise TypeError(f"{cls.__name__}.as_view() got an unknown argument {key!r}")

        def view(request, *args, **kwargs):
            from djust.live.page import http_page

            if request.method in ("GET", "HEAD"):
                return HttpResponse(http_page(cls, request, kwargs, initkwargs))
            if request.method == "POST" and cls.http_post is not None:
                instance = mounted(cls, request, kwargs, initkwargs)
                response = instance.http_post(request)
                if response is not None:
                    return response
                return HttpResponse(http_page(cls, request, kwargs, initkwargs, instance))
            allowed = ["GET", "HEAD"] + (["POST"] if cls.http_post is not None else [])
            return HttpResponseNotAllowed(allowed)

        view.view_class = cls
        view.view_initkwargs = initkwargs
        view.__doc__ = cls.__doc__
        view.__module__ = cls.__module__
        view.__name__ = cls.__name__
        return view

    @classmethod
    def path(cls) -> str:
        return f"{cls.__module__}.{cls.__qualname__}"


def _message(group: str, name: str, payload) -> dict:
    """A broadcast as it travels on the channel layer (the socket's ``broadcast``)."""
    return {"type": "djust.broadcast", "group": group, "name": name, "payload": payload}


def mounted(view_class, request, kwargs: dict, initkwargs: dict | None = None):
    """A view instance of ``view_class``, with ``as_view``'s ``initkwargs`` set, mounted
    for ``request`` with ``kwargs``."""
    view = view_class(request)
    for key, value in (initkwargs or {}).items():
        setattr(view, key, value)
    view.mount(request, **kwargs)
    return view


async def _await(awaitable):
    return await awaitable


@functools.lru_cache(maxsize=256)
def _from_string(backend, source: str):
    return backend.from_string(source)
