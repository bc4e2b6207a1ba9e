"""``application = djust.asgi.get_asgi_application()``: Django over HTTP, and the
live views' socket at ``DJUST['SOCKET_PATH']``, with the session and the user."""

from __future__ import annotations


def get_asgi_application():
    """Django's ASGI application plus the live-view socket. In DEBUG, static files
    are served too (as ``runserver`` does), so the runtime loads with no setup."""
    from django.core.asgi import get_asgi_application as django_application

    http = django_application()  # sets Django up before anything reads settings

    from channels.auth import AuthMiddlewareStack
    from channels.routing import ProtocolTypeRouter
    from django.apps import apps

    from djust.conf import settings
    from djust.live.consumer import LiveSocket

    if settings().debug and apps.is_installed("django.contrib.staticfiles"):
        from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

        http = ASGIStaticFilesHandler(http)
    return ProtocolTypeRouter(
        {"http": http, "websocket": _OnlyPath(AuthMiddlewareStack(LiveSocket()))}
    )


class _OnlyPath:
    """Sockets at ``SOCKET_PATH`` go to the live views; others are refused."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        from djust.conf import settings

        if scope["path"].rstrip("/") == settings().socket_path.rstrip("/"):
            return await self.app(scope, receive, send)
        await receive()  # websocket.connect
        await send({"type": "websocket.close", "code": 1008})
