from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The project's plumbing, shared by every app and importing none of them: the hash-chained
    history, protection of kept rows, backups, two-factor login, passwords, the dashboard and
    navigation registries, and the page mixins."""

    name = "core"
