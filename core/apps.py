from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The project's plumbing, shared by every app and importing none of them: the hash-chained
    history, protection of kept rows, backups, two-factor login, passwords, the dashboard and
    navigation registries, and the page mixins."""

    name = "core"

    def ready(self):
        from django import forms

        from .free_text import refuse_unsafe_characters

        # Every text field of every form (the project's, the admin's, the sign-in pages', those
        # defined before this runs and those added later) refuses control characters and
        # direction marks at the field: one rule in one place rather than a validator each
        # form could forget. Wrapping the method, not the class's default validators, reaches
        # fields built before the apps were ready too.
        text_to_python = forms.CharField.to_python

        def to_python(field, value):
            text = text_to_python(field, value)
            refuse_unsafe_characters(text)
            return text

        forms.CharField.to_python = to_python
