"""View plumbing shared by every app: login, and querysets cut to the user's subtree."""

import rules
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from rules.contrib.views import PermissionRequiredMixin


class ScopedQuerysetMixin(LoginRequiredMixin):
    """List and detail views read their rows only through ``visible_to(user)``.

    An object outside the user's subtree is therefore simply not found (404): its existence
    is not revealed.
    """

    model = None

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)


class RulePermissionMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """A ``rules`` permission, checked against ``get_permission_object()`` when the view has one.

    Anonymous users are sent to log in; a logged-in user without the permission gets 403.
    """

    raise_exception = True

    def handle_no_permission(self):
        if not self.request.user.is_authenticated:
            self.raise_exception = False
        return super().handle_no_permission()


class DeclaredPermissionMixin:
    """A page declares the ``rules`` permission it needs (``permission_required``) and what it
    is about (``get_permission_object()``); ``check_permission()`` runs once the page has found
    its object, so that outside the subtree is a 404 and a wrong role a 403.

    Tested with ``rules.has_perm``, not ``user.has_perm``: Django grants a superuser every
    permission, while each predicate says itself what a superuser may do."""

    permission_required = ""
    permission_denied_message = ""

    def get_permission_object(self):
        return None

    def check_permission(self) -> None:
        user = self.request.user
        if self.permission_required and not rules.has_perm(
            self.permission_required, user, self.get_permission_object()
        ):
            raise PermissionDenied(self.permission_denied_message)
