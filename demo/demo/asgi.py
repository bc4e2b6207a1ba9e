import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "demo.settings")

from djust.asgi import get_asgi_application  # noqa: E402

# Django over HTTP (with static files in DEBUG) and the live views' socket.
application = get_asgi_application()
