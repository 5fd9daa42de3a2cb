"""What the user sees when something outside the request fails: the database connection drops
(``OperationalError``, ``InterfaceError``), Redis cannot be reached, or a delete is refused
because other rows protect the row.

- ``FailureMiddleware`` turns these, raised by a view, into a page: 503 with ``Retry-After``
  for a service that is down (the view's transaction was rolled back by ``atomic``, so nothing
  is half-written), 409 with the reason for a refused delete.
- ``server_error`` (``handler500``) does the same for what fails outside a view (the session or
  the account, read by a middleware); anything else gets the 500 page, rendered without the
  request (the menu and the account come from the database, which may be what failed).
- ``bad_request``, ``permission_denied`` and ``page_not_found`` (``handler400``, ``handler403``,
  ``handler404``) are the site's own pages, with the menu and a way back; the 403 page says why
  (the message of the ``PermissionDenied``, which Django's own page only logs).
"""

from __future__ import annotations

import logging
import sys

from django.core.exceptions import DisallowedHost
from django.db import InterfaceError, OperationalError
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

DATABASE_DOWN = (OperationalError, InterfaceError)
QUEUE_DOWN = (BrokerError, RedisConnectionError, RedisTimeoutError)
#: seconds the browser (or a proxy) is told to wait before trying again
RETRY_AFTER = 60


def service_unavailable(exception: BaseException) -> HttpResponse:
    """The 503 page, rendered without the request: the database may be unreachable, and the
    menu and the account come from it."""
    if isinstance(exception, DATABASE_DOWN):
        explanation = _("The connection to the database was interrupted.")
    else:
        explanation = _("The server that queues background work (Redis) cannot be reached.")
    logger.error("Service unavailable: %r", exception, exc_info=exception)
    body = loader.render_to_string("errors/503.html", {"explanation": explanation})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response


def refused_delete(request, exception: ProtectedError | RestrictedError) -> HttpResponse:
    from core.protection import explanation

    # Django's error does not say what was being deleted; the admin and the pages that delete
    # check first (``why_not_deletable``) and name it.
    return render(
        request, "errors/protected.html", {"explanation": explanation(None, exception)}, status=409
    )


class FailureMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_DOWN + QUEUE_DOWN):
            return service_unavailable(exception)
        if isinstance(exception, ProtectedError | RestrictedError):
            return refused_delete(request, exception)
        return None


def server_error(request):
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_DOWN + QUEUE_DOWN):
        return service_unavailable(exception)
    # Without the request: no context processor runs (the menu and the account read the
    # database), so this page renders whatever failed.
    return HttpResponse(loader.render_to_string("errors/500.html"), status=500)


def _back(request) -> str:
    """The page the user came from, when it is on this site; otherwise none."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except DisallowedHost:  # the 400 page of a request for another host
        return ""
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={host}, require_https=request.is_secure()
    ):
        return referer
    return ""


def _error_page(request, template_name: str, status: int, **context) -> HttpResponse:
    context["back"] = _back(request)
    return render(request, template_name, context, status=status)


def bad_request(request, exception):
    return _error_page(request, "errors/400.html", 400)


def permission_denied(request, exception):
    # The reason the code gave (a rule's message); the template escapes it.
    return _error_page(request, "errors/403.html", 403, reason=str(exception or ""))


def page_not_found(request, exception):
    return _error_page(request, "errors/404.html", 404)
