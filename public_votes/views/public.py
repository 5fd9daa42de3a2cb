"""The public side of the vote (no login): the shortlist, proving an e-mail address with a
one-time code, and casting the ballot. The verified challenge is held in the session; every POST
is CSRF-protected and calls one service, whose ``ValidationError`` is shown at its field.

No page here shows a count: results exist only on the committee's ranking page, after closing.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views import View

from campaigns.rules_engine import format_moment
from committees.scoping import unit_in_scope
from core.deadlines import deadline_text
from core.network import client_ip
from nominations.forms import add_service_errors
from nominations.models import NominationState
from nominations.permissions import can_run_public_vote

from .. import page_cache, services
from ..models import EmailChallenge, PublicVote, PublicVoteState, ShortlistEntry
from ..rules import voting_window_error


class EmailForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Your e-mail address"), max_length=254)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from the e-mail"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class BallotForm(forms.Form):
    # Any value is accepted here: how many, and which, is the service's rule and message.
    entries = forms.MultipleChoiceField(
        label=gettext_lazy("Your choices"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entries"].choices = [
            (str(e.public_id), e.nomination.nominee_name) for e in entries
        ]

    def clean_entries(self):
        return self.data.getlist("entries") if self.is_bound else []


def public_entries(vote: PublicVote):
    return list(
        vote.entries.select_related(
            "nomination__person__unit", "nomination__collective", "nomination__filing_unit"
        ).order_by("order", "id")
    )


class VoterSession:
    """What the session knows of this browser's voter for one vote: the challenge asked for,
    whether it was verified, and the receipt of the ballot cast."""

    def __init__(self, request, vote: PublicVote):
        self.request = request
        self.key = f"public_vote:{vote.public_id}"
        self.data = dict(request.session.get(self.key, {}))

    def save(self, **values):
        self.data.update(values)
        self.request.session[self.key] = self.data

    def write_now(self) -> None:
        """Write the session at once (in the caller's transaction), not after the response."""
        self.request.session.save()
        self.request.session.modified = False  # the middleware need not write it again

    def challenge(self, vote: PublicVote) -> EmailChallenge | None:
        challenge_id = self.data.get("challenge")
        if not challenge_id:
            return None
        return EmailChallenge.objects.filter(vote=vote, public_id=challenge_id).first()

    def verified_challenge(self, vote: PublicVote) -> EmailChallenge | None:
        challenge = self.challenge(vote) if self.data.get("verified") else None
        return challenge if challenge and challenge.used_at else None


class PublicVoteMixin(View):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.vote = get_object_or_404(
            PublicVote.objects.unscoped("anonymous public-vote pages: any published vote")
            .select_related("campaign", "unit")
            .exclude(state=PublicVoteState.PREPARING),
            public_id=kwargs["public_id"],
        )
        self.voter = VoterSession(request, self.vote)

    def page(self, template: str, **context):
        vote = self.vote
        now = timezone.now()
        context.update(
            {
                "vote": vote,
                "now_open": vote.state == PublicVoteState.OPEN
                and voting_window_error(now, vote.opens_at, vote.closes_at) is None,
                "not_yet": vote.opens_at and now < vote.opens_at,
                "opens_at_text": format_moment(vote.opens_at) if vote.opens_at else "",
                "closes_at_text": deadline_text(vote.closes_at),
                "receipt": self.voter.data.get("receipt", ""),
            }
        )
        return render(self.request, template, context)


class PublicVotePageView(PublicVoteMixin):
    """The shortlist and the code form. A visitor without a session gets the page every such
    visitor gets, from the cache without a query (``page_cache``); anyone else (logged in, a
    code asked for, a receipt or a message to show) gets it rendered for them."""

    template_name = "public_votes/public_page.html"

    def setup(self, request, *args, **kwargs):
        # The vote is read only when the cache cannot answer (``get``).
        View.setup(self, request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        public_id = kwargs["public_id"]
        if not page_cache.is_shared_request(request):
            super().setup(request, *args, **kwargs)
            return self.private(self.render_page())
        language = get_language()
        page, version = page_cache.lookup(public_id, language)
        if page is None:
            # The version was read before the vote: a write committed from here on replaces it.
            super().setup(request, *args, **kwargs)
            response = self.render_page(csrf_token=page_cache.CSRF_PLACEHOLDER)
            if getattr(request, "_csp_nonce", None):
                # A template used the CSP nonce (django-csp makes it when read): it belongs to
                # this response's header alone, so this page cannot be shared.
                return self.private(response)
            html = response.content.decode(response.charset)
            page = page_cache.store(public_id, version, language, html, self.valid_until())
        return self.private(HttpResponse(page_cache.with_token(page, request)))

    def render_page(self, **extra):
        entries = public_entries(self.vote)
        confirmed = self.vote.state == PublicVoteState.CONFIRMED
        for entry in entries:
            entry.is_honored = confirmed and entry.nomination.state == NominationState.HONORED
        return self.page(
            self.template_name,
            entries=entries,
            email_form=EmailForm(),
            verified=self.voter.verified_challenge(self.vote) is not None,
            **extra,
        )

    def valid_until(self) -> float | None:
        """The next moment the page changes by itself: voting opens, or closes."""
        vote, now = self.vote, timezone.now()
        if vote.state != PublicVoteState.OPEN:
            return None
        for moment in (vote.opens_at, vote.closes_at):
            if moment and now < moment:
                return moment.timestamp()
        return None

    @staticmethod
    def private(response):
        # The page holds the visitor's CSRF token: no shared cache may keep it, and a browser
        # asks again each time (closing the vote shows at once).
        patch_cache_control(response, private=True, no_cache=True)
        return response


class RequestCodeView(PublicVoteMixin):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = EmailForm(request.POST)
        if form.is_valid():
            try:
                challenge = services.request_code(
                    self.vote, form.cleaned_data["email"], ip=client_ip(request)
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                self.voter.save(challenge=str(challenge.public_id), verified=False)
                messages.success(
                    request,
                    _("A code was sent to your e-mail address. It is valid for %(n)s minutes.")
                    % {"n": int(services.code_lifetime().total_seconds() // 60)},
                )
                return redirect("public_votes:public-vote-verify", public_id=self.vote.public_id)
        return self.page(
            "public_votes/public_page.html",
            entries=public_entries(self.vote),
            email_form=form,
            verified=False,
        )


class VerifyCodeView(PublicVoteMixin):
    template_name = "public_votes/verify.html"

    def get(self, request, *args, **kwargs):
        if self.voter.challenge(self.vote) is None:
            return redirect("public_votes:public-vote", public_id=self.vote.public_id)
        return self.page(self.template_name, form=CodeForm())

    def post(self, request, *args, **kwargs):
        form = CodeForm(request.POST)
        if form.is_valid():
            try:
                challenge = services.verify_code(
                    self.vote, self.voter.data.get("challenge"), form.cleaned_data["code"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                request.session.cycle_key()  # a fresh session id for a newly proven voter
                self.voter.save(challenge=str(challenge.public_id), verified=True)
                return redirect("public_votes:public-vote-ballot", public_id=self.vote.public_id)
        return self.page(self.template_name, form=form)


class BallotView(PublicVoteMixin):
    template_name = "public_votes/ballot.html"

    def render_ballot(self, form, entries, status=200):
        response = self.page(
            self.template_name,
            form=form,
            entries=entries,
            chosen=set(form.data.getlist("entries")) if form.is_bound else set(),
        )
        response.status_code = status
        return response

    def get(self, request, *args, **kwargs):
        challenge = self.voter.verified_challenge(self.vote)
        if challenge is None:
            return redirect("public_votes:public-vote", public_id=self.vote.public_id)
        if services.has_voted(self.vote, challenge):
            messages.info(
                request, _("This e-mail address has already voted: each address casts one ballot.")
            )
            return redirect("public_votes:public-vote", public_id=self.vote.public_id)
        entries = public_entries(self.vote)
        return self.render_ballot(BallotForm(entries=entries), entries)

    def post(self, request, *args, **kwargs):
        challenge = self.voter.verified_challenge(self.vote)
        if challenge is None:
            messages.error(request, _("Verify your e-mail address first."))
            return redirect("public_votes:public-vote", public_id=self.vote.public_id)
        # Which and how many nominees is the service's rule and message: the shortlist with
        # its names is read only to show the form again.
        chosen = request.POST.getlist("entries")
        try:
            # The receipt goes into the session in the ballot's transaction: kept exactly when
            # the ballot is, and one commit instead of two (its flush to disk is most of the
            # time a ballot takes).
            with transaction.atomic():
                ballot = services.cast_ballot(self.vote, challenge, chosen)
                self.voter.save(receipt=ballot.receipt, verified=False)
                self.voter.write_now()
        except ValidationError as error:
            entries = public_entries(self.vote)
            form = BallotForm(request.POST, entries=entries)
            form.is_valid()
            add_service_errors(form, error)
            return self.render_ballot(form, entries)
        messages.success(
            request,
            _("Your ballot was recorded. Your receipt code is %(code)s.")
            % {"code": ballot.receipt},
        )
        return redirect(
            reverse("public_votes:public-vote", kwargs={"public_id": self.vote.public_id})
        )


class PhotoView(View):
    """A shortlisted nominee's photo: public once the vote is published, otherwise only for
    the committee preparing it."""

    def get(self, request, public_id, entry_id):
        entry = get_object_or_404(
            ShortlistEntry.objects.select_related("vote__unit"),
            vote__public_id=public_id,
            public_id=entry_id,
        )
        vote = entry.vote
        if not vote.is_public and not (
            unit_in_scope(request.user, vote.unit) and can_run_public_vote(request.user, vote.unit)
        ):
            raise Http404
        if not entry.photo:
            raise Http404
        try:
            handle = entry.photo.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(handle, content_type=entry.photo_content_type)
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Disposition"] = "inline"
        patch_cache_control(response, private=not vote.is_public, max_age=300)
        return response


urlpatterns = [
    path("binh-chon/<uuid:public_id>/", PublicVotePageView.as_view(), name="public-vote"),
    path("binh-chon/<uuid:public_id>/gui-ma/", RequestCodeView.as_view(), name="public-vote-code"),
    path(
        "binh-chon/<uuid:public_id>/xac-thuc/", VerifyCodeView.as_view(), name="public-vote-verify"
    ),
    path("binh-chon/<uuid:public_id>/phieu/", BallotView.as_view(), name="public-vote-ballot"),
    path(
        "binh-chon/<uuid:public_id>/anh/<uuid:entry_id>/",
        PhotoView.as_view(),
        name="public-vote-photo",
    ),
]
