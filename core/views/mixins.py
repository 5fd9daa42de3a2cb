"""View plumbing shared by every app: login, and querysets cut to the user's subtree."""

from django.contrib.auth.mixins import LoginRequiredMixin
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
