"""``/healthz/ready/``: each check on its own line; 200 when all pass, 503 otherwise."""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.health import readiness


@require_safe
@never_cache
def ready(request):
    checks = readiness()
    body = "\n".join(str(check) for check in checks) + "\n"
    status = 200 if all(check.ok for check in checks) else 503
    return HttpResponse(body, status=status, content_type="text/plain; charset=utf-8")
