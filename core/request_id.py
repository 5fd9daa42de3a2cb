"""One id per request, in every log line the request writes and in its response's
``X-Request-ID``, so that a user's report ("mã yêu cầu …" on the error page), the proxy's access
log and the application's log lines can be put side by side."""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar

#: what an id from the proxy may look like; anything else is replaced, never logged as is
_ACCEPTED = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

current: ContextVar[str] = ContextVar("request_id", default="-")


class RequestIdMiddleware:
    """First in the chain: the proxy's ``X-Request-ID`` when it looks like one, else a new id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        request.request_id = given if _ACCEPTED.match(given) else uuid.uuid4().hex
        token = current.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            current.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


class RequestIdFilter(logging.Filter):
    """Gives every record the id of the request that wrote it (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current.get()
        return True
