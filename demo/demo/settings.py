"""The demo project: every Djust feature on SQLite and in-memory state, so `make demo`
needs nothing else installed."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "djust-demo-not-secret"
DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "djust",
    "shop",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # The service worker, the app shell and prefetch on hover.
    "djust.middleware.DjustMiddleware",
]

if os.environ.get("DJUST_DEMO_LATENCY_MS") or os.environ.get("DJUST_DEMO_REQUEST_LOG"):
    MIDDLEWARE.insert(0, "demo.network.SlowNetwork")  # browser tests of the worker only

ROOT_URLCONF = "demo.urls"

TEMPLATES = [
    {
        # Djust's Rust engine, a drop-in for django.template.backends.django.DjangoTemplates.
        "BACKEND": "djust.template.DjustTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
    {
        # Django's own engine, used only by the engine comparison page.
        "NAME": "django",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
    },
]

ASGI_APPLICATION = "demo.asgi.application"

DJUST = {
    # Live views' fragment templates are served inside the demo's layout.
    "LIVEVIEW_LAYOUT": "base.html",
    # The browser tests deploy a "new version" of the worker by changing this.
    "SW_VERSION": os.environ.get("DJUST_DEMO_SW_VERSION", ""),
}

if os.environ.get("DJUST_DEMO_STATIC_DIR"):
    # A project's own worker module (the browser test of `manage.py djust_sw build`).
    STATICFILES_DIRS = [os.environ["DJUST_DEMO_STATIC_DIR"]]
    DJUST["SW_EXTENSIONS"] = os.environ.get("DJUST_DEMO_SW_EXTENSIONS", "").split(",")

if os.environ.get("DJUST_DEMO_REDIS_URL"):
    # Several demo servers on one Redis: broadcasts reach every server's pages, and a
    # view's state survives a restart.
    DJUST["STATE_BACKEND"] = "redis"
    DJUST["REDIS_URL"] = os.environ["DJUST_DEMO_REDIS_URL"]
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [os.environ["DJUST_DEMO_REDIS_URL"]]},
        }
    }

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        # The browser tests point this at a throw-away file.
        "NAME": os.environ.get("DJUST_DEMO_DB", BASE_DIR / "db.sqlite3"),
    }
}

USE_TZ = True
TIME_ZONE = "UTC"
STATIC_URL = "/static/"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
