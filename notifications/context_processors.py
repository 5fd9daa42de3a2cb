from django.utils.functional import SimpleLazyObject

from . import services


def unread_notices(request):
    """``unread_notices``: the number the bell in the navigation bar shows. Counted (one query,
    on a partial index of the unread) only when a page renders the bell."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notices": SimpleLazyObject(lambda: services.unread_count(user))}
