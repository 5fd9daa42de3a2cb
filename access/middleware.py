"""Writes the reads a request noted (``core.reads.note_read``) in one insert, after the view
answered, and only when it answered with the data (a refusal read nothing)."""

from __future__ import annotations

from core.network import client_ip
from core.reads import collecting


class ReadRecordMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with collecting() as reads:
            response = self.get_response(request)
        user = getattr(request, "user", None)
        if reads and response.status_code < 400 and user is not None and user.is_authenticated:
            from .services import write_reads

            write_reads(user, reads, ip_address=client_ip(request), path=request.get_full_path())
        return response
