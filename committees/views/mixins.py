"""View plumbing shared by every app: login, and querysets cut to the user's subtree."""

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin


class ScopedQuerysetMixin(LoginRequiredMixin):
    """List and detail views read their rows only through ``visible_to(user)``.

    An object outside the user's subtree is therefore simply not found (404): its existence
    is not revealed.
    """

    model = None

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)


class RulePermissionMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """A ``rules`` permission; a logged-in user without it gets 403, not a login loop."""

    raise_exception = True

    def handle_no_permission(self):
        if not self.request.user.is_authenticated:
            self.raise_exception = False
        return super().handle_no_permission()
