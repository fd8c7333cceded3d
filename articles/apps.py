from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles and statements"

    def ready(self) -> None:
        from . import signals  # noqa: F401
