"""The sentence for a row that nominations protect from deletion (``core.protection``)."""

from django.utils.translation import ngettext


def kept_for_good(name: str, count: int) -> str:
    return ngettext(
        "%(object)s cannot be deleted: %(count)d nomination names it, and nominations "
        "and their history are kept for good.",
        "%(object)s cannot be deleted: %(count)d nominations name it, and nominations "
        "and their history are kept for good.",
        count,
    ) % {"object": name, "count": count}
