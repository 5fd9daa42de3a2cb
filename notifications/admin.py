"""Notices and reminders in the admin: to look (what was told to whom, what still owes its
e-mail), not to change."""

from django.contrib import admin

from .models import Notice, ReminderSent


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Notice)
class NoticeAdmin(ReadOnly):
    list_display = ["title", "recipient", "kind", "created_at", "read_at", "delivery", "emailed_at"]
    list_filter = ["kind", "delivery"]
    list_select_related = ["recipient"]
    search_fields = ["title", "recipient__username"]
    raw_id_fields = ["recipient"]


@admin.register(ReminderSent)
class ReminderSentAdmin(ReadOnly):
    list_display = ["unit", "deadline_kind", "deadline_id", "deadline_at", "days_before", "sent_at"]
    list_filter = ["deadline_kind", "days_before"]
    list_select_related = ["unit"]
