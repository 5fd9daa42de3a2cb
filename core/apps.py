from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The project's plumbing, shared by every app and importing none of them: the hash-chained
    history, protection of kept rows, backups, two-factor login, passwords, the dashboard and
    navigation registries, and the page mixins."""

    name = "core"

    def ready(self):
        from django import forms
        from django.db.backends.signals import connection_created

        from . import generations
        from .free_text import refuse_unsafe_characters

        # Every write through Django moves on the generations that follow its table.
        connection_created.connect(generations.install, dispatch_uid="generations")

        # Every text field of every form (the project's, the admin's, the sign-in pages', those
        # defined before this runs and those added later) refuses control characters and
        # direction marks at the field: one rule in one place rather than a validator each
        # form could forget. Wrapping the method, not the class's default validators, reaches
        # fields built before the apps were ready too; ``validate``, not ``to_python``, because
        # ``has_changed`` converts values too and must not raise.
        text_validate = forms.CharField.validate

        def validate(field, value):
            text_validate(field, value)
            for text in value if isinstance(value, list | tuple) else [value]:
                refuse_unsafe_characters(text)

        forms.CharField.validate = validate
