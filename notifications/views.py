"""The inbox: every user's notices, newest first; opening one marks it read and goes to what it
is about. A user reaches only their own notices: another's answers 404, as if it did not
exist."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from . import services


class InboxView(LoginRequiredMixin, ListView):
    template_name = "notifications/inbox.html"
    context_object_name = "notices"
    paginate_by = 30

    def get_queryset(self):
        return services.inbox(self.request.user).only(
            "id", "kind", "title", "body", "url", "created_at", "read_at"
        )


class NoticeMixin(LoginRequiredMixin):
    def notice(self):
        return get_object_or_404(services.inbox(self.request.user), pk=self.kwargs["pk"])


class OpenNoticeView(NoticeMixin, View):
    """Marks the notice read and goes to its object (the inbox when it has none)."""

    def get(self, request, *args, **kwargs):
        notice = self.notice()
        services.mark_read(request.user, notice)
        target = notice.url
        if not target or not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = reverse("notifications:inbox")
        return HttpResponseRedirect(target)


class MarkReadView(NoticeMixin, View):
    def post(self, request, *args, **kwargs):
        services.mark_read(request.user, self.notice())
        return redirect("notifications:inbox")


class MarkAllReadView(LoginRequiredMixin, View):
    def post(self, request, *args, **kwargs):
        count = services.mark_all_read(request.user)
        messages.success(request, _("%(n)d notice(s) marked as read.") % {"n": count})
        return redirect("notifications:inbox")


urlpatterns = [
    path("", InboxView.as_view(), name="inbox"),
    path("da-doc-het/", MarkAllReadView.as_view(), name="mark-all-read"),
    path("<int:pk>/", OpenNoticeView.as_view(), name="open"),
    path("<int:pk>/da-doc/", MarkReadView.as_view(), name="mark-read"),
]
