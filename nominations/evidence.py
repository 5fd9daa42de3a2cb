"""Attaching evidence to a nomination and removing it.

Who may do it, and when, is decided in ``nominations.evidence_permissions`` (the filing unit while
the nomination is a draft or returned; the staff of the level it waits at while it is proposed
there, for the files they add). A refused role is ``PermissionDenied``; a refused state,
requirement or file is a ``ValidationError`` (at the ``file`` or ``requirement`` field when it
is about one).

The state of the nomination does not change, so no ``NominationEvent`` is written: each file
keeps who attached it and when. Each operation locks the nomination's row first, like the
workflow's services, so a file cannot be attached or removed while the nomination is being
appraised, and an appraisal sees the documents as they were when it started.
"""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import DocumentRequirement

from . import evidence_permissions, generated, workflow
from .completeness import applies_to
from .models import Evidence, Nomination
from .permissions import require
from .validators import check_upload


def _check_may_change(user, nomination: Nomination) -> None:
    require(
        evidence_permissions.may_touch(user, nomination),
        _(
            "Only the filing unit, or the staff of the level the nomination waits at, can "
            "change its documents."
        ),
    )
    if not evidence_permissions.can_attach(user, nomination):
        raise ValidationError(
            _(
                "The documents of a nomination can be changed only by its filing unit while it "
                "is a draft or returned for revision, or by the appraisers while it waits for "
                "appraisal."
            )
        )


def _sha256(file) -> str:
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    return digest.hexdigest()


def attach_evidence(
    user,
    nomination: Nomination,
    uploaded_file,
    requirement: DocumentRequirement | None = None,
    *,
    now: datetime.datetime | None = None,
    generated: bool = False,
) -> Evidence:
    """Store ``uploaded_file`` (a Django ``UploadedFile``) as evidence of ``nomination``, for
    ``requirement`` (one of its campaign's requirements that applies to its category) or, with
    ``None``, as other evidence.

    The file is checked before anything is stored (``validators.check_upload``: size, name,
    content), stored under a random name, and removed again when this function fails after
    storing it. (Called inside a caller's transaction that later rolls back, the stored file
    stays behind with nothing pointing at it: never served, harmless.) The same content cannot
    be attached twice for the same document.
    """
    stored: list[str] = []
    try:
        with transaction.atomic():
            nomination = workflow.lock(nomination)
            _check_may_change(user, nomination)
            if requirement is not None and not applies_to(requirement, nomination):
                raise ValidationError(
                    {
                        "requirement": _(
                            "This document is not one the campaign asks of this nomination."
                        )
                    }
                )
            checked = check_upload(
                uploaded_file,
                getattr(uploaded_file, "name", None),
                getattr(uploaded_file, "size", None),
                max_bytes=settings.EVIDENCE_MAX_BYTES,
                max_unpacked=settings.IMPORT_MAX_UNPACKED_BYTES,
            )
            digest = _sha256(uploaded_file)
            twin = (
                nomination.evidence.filter(requirement=requirement, sha256=digest)
                .values_list("original_name", flat=True)
                .first()
            )
            if twin is not None:
                raise ValidationError(
                    {
                        "file": _("This file is already attached for this document (as %(name)s).")
                        % {"name": twin}
                    }
                )
            evidence = Evidence(
                nomination=nomination,
                requirement=requirement,
                original_name=checked.name,
                content_type=checked.kind.content_type,
                size=checked.size,
                sha256=digest,
                uploaded_by=user,
                uploaded_at=now or timezone.now(),
                generated=generated,
            )
            evidence.file.save(f"evidence{checked.kind.extension}", uploaded_file, save=False)
            if evidence.file.name:  # the name the storage gave the file, removed on failure
                stored.append(evidence.file.name)
            evidence.save()
    except BaseException:
        for name in stored:
            Evidence.file.field.storage.delete(name)
        raise
    return evidence


def attach_generated(
    user,
    nomination: Nomination,
    requirement: DocumentRequirement,
    *,
    now: datetime.datetime | None = None,
) -> Evidence:
    """Attach, for ``requirement``, the document the product writes for it
    (``generated_from``: the achievement report from the typed summary...), marked as a
    generated copy. It is rendered from the nomination as it is saved now, then attached like
    an upload (the same checks: who, when, which document, the same content twice).

    Where the campaign asks for the signed copy, the dossier stays incomplete until a scan is
    uploaded as well (``completeness``)."""
    require(
        evidence_permissions.may_touch(user, nomination),
        _(
            "Only the filing unit, or the staff of the level the nomination waits at, can "
            "change its documents."
        ),
    )
    key = requirement.generated_from
    if not key or not generated.available(key):
        raise ValidationError(
            {"requirement": _("The system does not write this document: upload the file.")}
        )
    name, content = generated.render(key, nomination)
    return attach_evidence(
        user, nomination, ContentFile(content, name=name), requirement, now=now, generated=True
    )


def remove_evidence(user, evidence: Evidence) -> None:
    """Delete ``evidence`` and, once the transaction commits, its file.

    The filing unit may remove any file while it may change the dossier; the staff of the level
    only the files their own unit attached.
    """
    with transaction.atomic():
        nomination = workflow.lock(evidence.nomination)
        try:
            evidence = (
                Evidence.objects.select_for_update(of=("self",))
                .select_related("uploaded_by")
                .get(pk=evidence.pk)
            )
        except Evidence.DoesNotExist:
            raise ValidationError(_("This file has already been removed.")) from None
        _check_may_change(user, nomination)
        if not evidence_permissions.can_remove(user, evidence, nomination):
            raise PermissionDenied(
                _("You can remove only the files your unit attached to this nomination.")
            )
        name = evidence.file.name
        storage = evidence.file.storage
        evidence.delete()
        if name:
            transaction.on_commit(lambda: storage.delete(name))
