"""Where a request came from, read once for every feature that keys on it (the sign-in lockout,
the public vote's rate limits)."""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    """The client's address. Behind the reverse proxy (``BEHIND_PROXY``) every request's
    ``REMOTE_ADDR`` is the proxy's own, so the address is the last hop of ``X-Forwarded-For``:
    the one the trusted proxy appended. Earlier hops come from the client and may be forged, so
    they are never read; without the proxy the header is ignored altogether. A last hop that is
    not an address falls back to ``REMOTE_ADDR`` rather than letting text become a key."""
    remote = request.META.get("REMOTE_ADDR", "")
    if not settings.BEHIND_PROXY:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    last_hop = forwarded.rsplit(",", 1)[-1].strip()
    try:
        return str(ipaddress.ip_address(last_hop))
    except ValueError:
        return remote
