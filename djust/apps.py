from django.apps import AppConfig


class DjustConfig(AppConfig):
    name = "djust"
    verbose_name = "Djust"

    def ready(self):
        from djust import conf  # noqa: F401  (connects setting_changed)
