"""Nominations forwarded by a district, built straight from the models (the workflow's own tests
cover how they get there), with their evidence on disk; the zip of a bundle, read back."""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.test import TestCase
from django.utils import translation

from committees.models import Unit
from dossiers.bundles import providers, services
from dossiers.models import DossierBundle
from nominations.models import Evidence, LevelDecision, Nomination, Outcome
from nominations.models import NominationState as S
from tests.workflow_fixtures import BEFORE

from ..conftest import pdf_bytes


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploads and bundles land in the test's own directory."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture(autouse=True)
def machinery_only(request):
    """The bundle machinery is tested with its own providers; the official documents are
    added by ``dossiers.bundle_providers`` and tested with the marker ``with_documents``."""
    from dossiers import bundle_providers
    from dossiers.bundles import providers

    if request.node.get_closest_marker("with_documents"):
        yield
        return
    providers.unregister(bundle_providers.level_documents)
    providers.unregister(bundle_providers.achievement_report)
    yield
    providers.register(bundle_providers.level_documents, order=5)
    providers.register(bundle_providers.achievement_report, per=providers.NOMINEE, order=5)


@pytest.fixture(autouse=True)
def english(settings):
    """Assertions read the English msgids (the task speaks ``LANGUAGE_CODE``); the Vietnamese
    comes from the translation file. The bundle's own file names and cover are Vietnamese."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def build(seed, user=None, unit=None) -> DossierBundle:
    """Ask for district A's bundle (or ``unit``'s) and run its task as the commit does."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        bundle = services.request_bundle(
            user or seed.staff_district_a, seed.campaign, unit or seed.tree.district_a
        )
    bundle.refresh_from_db()
    return bundle


def attach(
    nomination: Nomination, name: str, requirement=None, data: bytes | None = None, user=None
) -> Evidence:
    data = pdf_bytes(name) if data is None else data
    return Evidence.objects.create(
        nomination=nomination,
        requirement=requirement,
        original_name=name,
        content_type="application/pdf",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=user or nomination.filed_by,
        uploaded_at=BEFORE,
        file=ContentFile(data, name="tai-lieu.pdf"),
    )


def forwarded(
    seed, *, full_name=None, cell=None, sent_up=True, district=None, category=None
) -> Nomination:
    """A nomination of ``cell`` passed on by its grassroots committee and forwarded by
    ``district`` (district A): waiting at the city (``sent_up``) or still at the district."""
    tree = seed.tree
    cell = cell or tree.cell_a1
    district = district or tree.district_a
    grassroots = Unit.objects.get(path=cell.path[: -Unit.steplen])
    person = seed.member(cell, **({"full_name": full_name} if full_name else {}))
    nomination = Nomination.objects.create(
        campaign=seed.campaign,
        category=category or seed.members,
        person=person,
        filing_unit=cell,
        filed_by=seed.secretary_a1,
        submitted_at=BEFORE,
        achievement_summary="Gương mẫu, nhiều sáng kiến ở khu vực.",
        state=S.PROPOSED if sent_up else S.FORWARDED,
        level=seed.city if sent_up else seed.district,
        reviewing_unit=tree.city if sent_up else district,
    )
    LevelDecision.objects.create(
        nomination=nomination,
        level=seed.grassroots,
        unit=grassroots,
        outcome=Outcome.FORWARD,
        decided_at=BEFORE,
    )
    LevelDecision.objects.create(
        nomination=nomination,
        level=seed.district,
        unit=district,
        outcome=Outcome.FORWARD,
        decided_at=BEFORE,
    )
    return nomination


@dataclass
class Zip:
    """A bundle read back: ``names`` of its files, ``folders`` of its folder entries."""

    names: list[str]
    folders: list[str]
    archive: zipfile.ZipFile

    def text(self, name: str) -> str:
        return self.archive.read(name).decode("utf-8-sig")

    def read(self, name: str) -> bytes:
        return self.archive.read(name)

    def info(self, name: str) -> zipfile.ZipInfo:
        return self.archive.getinfo(name)


def open_zip(source: DossierBundle | bytes) -> Zip:
    if isinstance(source, DossierBundle):
        with source.file.open("rb") as handle:
            data = handle.read()
    else:
        data = source
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    names = archive.namelist()
    return Zip(
        [n for n in names if not n.endswith("/")], [n for n in names if n.endswith("/")], archive
    )


@pytest.fixture
def extra_provider():
    """Register a provider for one test: ``extra_provider(f, per=providers.NOMINEE)``."""
    added = []

    def register(provider, **kwargs):
        providers.register(provider, **kwargs)
        added.append(provider)
        return provider

    yield register
    for provider in added:
        providers.unregister(provider)
