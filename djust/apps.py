from django.apps import AppConfig


class DjustConfig(AppConfig):
    name = "djust"
    verbose_name = "Djust"

    def ready(self):
        from djust import checks, conf  # noqa: F401  (registers checks, connects setting_changed)
