"""The committee's side of the public vote: settings, the shortlist, each entry's public face,
opening and closing, the ranking with ties flagged and the confirmation, and the ballot audit.

Only the staff and standing members of the organising unit (or a superuser): another subtree
gets a 404, a wrong role a 403. Counts appear on no page and in no file before the vote closes.
"""

from __future__ import annotations

import csv

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from campaigns.rules_engine import format_moment
from committees.scoping import unit_in_scope
from core.deadlines import deadline_text
from nominations.exports import safe_cell
from nominations.forms import add_service_errors
from nominations.models import Nomination
from nominations.permissions import can_run_public_vote
from nominations.views.common import PageMixin, campaign_or_404

from .. import services
from ..models import SUMMARY_MAX_LENGTH, Ballot, PublicVote, ShortlistEntry
from ..models import PublicVoteState as V

MOMENT_FORMAT = "%Y-%m-%dT%H:%M:%S"


def check_runner(user, unit) -> None:
    if not unit_in_scope(user, unit):
        raise Http404
    if not can_run_public_vote(user, unit):
        raise PermissionDenied(
            _("Only the staff and standing committee of the organising unit run the public vote.")
        )


class MomentField(forms.DateTimeField):
    widget = forms.DateTimeInput(
        attrs={"type": "datetime-local", "step": "1"}, format=MOMENT_FORMAT
    )

    def __init__(self, **kwargs):
        super().__init__(input_formats=[MOMENT_FORMAT, "%Y-%m-%dT%H:%M"], **kwargs)


def _count(label, initial):
    return forms.IntegerField(label=label, min_value=1, max_value=500, initial=initial)


class VoteSettingsForm(forms.Form):
    # A plain form: the rules and their messages are the service's.
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    min_shortlist = _count(gettext_lazy("Shortlist: at least"), 25)
    max_shortlist = _count(gettext_lazy("Shortlist: at most"), 30)
    max_choices = _count(gettext_lazy("Choices per ballot: at most"), 16)
    honor_count = _count(gettext_lazy("Number to honor"), 16)
    opens_at = MomentField(label=gettext_lazy("Voting opens at (Vietnam time)"), required=False)
    closes_at = MomentField(
        label=gettext_lazy(
            "Voting closes at (Vietnam time): ballots are accepted until before this moment"
        ),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")

    @classmethod
    def for_vote(cls, vote: PublicVote):
        return cls(initial={name: getattr(vote, name) for name in cls.base_fields})

    def settings(self) -> services.VoteSettings:
        return services.VoteSettings(**self.cleaned_data)


class ShortlistForm(forms.Form):
    nominations = forms.ModelMultipleChoiceField(
        queryset=Nomination.objects.none(),
        to_field_name="public_id",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Shortlist"),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominations"].queryset = candidates


class EntryForm(forms.Form):
    summary = forms.CharField(
        label=gettext_lazy("Public summary"),
        max_length=SUMMARY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    photo = forms.FileField(
        label=gettext_lazy("Photo (JPEG or PNG)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".jpg,.jpeg,.png", "class": "form-control"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["summary"].widget.attrs["class"] = "form-control"


class ConfirmForm(forms.Form):
    tie_winners = forms.ModelMultipleChoiceField(
        queryset=ShortlistEntry.objects.none(),
        to_field_name="public_id",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Chosen among the tied"),
    )

    def __init__(self, *args, vote, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tie_winners"].queryset = vote.entries.all()


class CampaignVoteMixin(PageMixin):
    """Pages of ``c/<code>/binh-chon/...``: the campaign, its vote (may be None), the check."""

    need_vote = True

    def prepare(self):
        user = self.request.user
        self.campaign = campaign_or_404(user, self.kwargs["code"])
        check_runner(user, self.campaign.organiser)
        self.vote = (
            PublicVote.objects.visible_to(user)
            .select_related("campaign", "level", "unit")
            .filter(campaign=self.campaign)
            .first()
        )
        if self.need_vote and self.vote is None:
            raise Http404

    def manage_url(self):
        return reverse("public_votes:public-vote-manage", kwargs={"code": self.campaign.code})


class ManageView(CampaignVoteMixin, View):
    template_name = "public_votes/manage.html"
    need_vote = False

    def render_page(self, form=None):
        vote = self.vote
        context = {"campaign": self.campaign, "vote": vote, "form": form}
        if vote is not None:
            now = timezone.now()
            context.update(
                {
                    "entry_count": vote.entries.count(),
                    "editable": vote.state == V.PREPARING,
                    "can_close": vote.state == V.OPEN and vote.closes_at and now >= vote.closes_at,
                    "opens_at_text": format_moment(vote.opens_at) if vote.opens_at else "",
                    "closes_at_text": deadline_text(vote.closes_at),
                    "public_url": self.request.build_absolute_uri(
                        reverse("public_votes:public-vote", kwargs={"public_id": vote.public_id})
                    ),
                }
            )
        return render(self.request, self.template_name, context)

    def get(self, request, *args, **kwargs):
        if self.vote is None:
            # The campaign's configuration gives the numbers (seed 002: 25-30, 16, 16).
            initial = {"title": self.campaign.title, **(self.campaign.public_vote_rules or {})}
            return self.render_page(VoteSettingsForm(initial=initial))
        form = VoteSettingsForm.for_vote(self.vote) if self.vote.state == V.PREPARING else None
        return self.render_page(form)

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "save")
        if action == "save":
            return self.save_settings(request)
        if self.vote is None or action not in ("publish", "close"):
            raise Http404
        try:
            if action == "publish":
                services.publish(request.user, self.vote)
                messages.success(request, _("The shortlist is public."))
            else:
                services.close(request.user, self.vote)
                messages.success(request, _("The vote is closed: the ranking can be read."))
                return redirect("public_votes:public-vote-ranking", code=self.campaign.code)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(self.manage_url())

    def save_settings(self, request):
        form = VoteSettingsForm(request.POST)
        if not form.is_valid():
            return self.render_page(form)
        try:
            services.save_vote(request.user, self.campaign, form.settings(), vote=self.vote)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_page(form)
        messages.success(request, _("The settings of the vote were saved."))
        return redirect(self.manage_url())


class ShortlistView(CampaignVoteMixin, View):
    template_name = "public_votes/shortlist.html"

    def candidates(self):
        return (
            services.candidates(self.vote)
            .select_related("person__unit", "collective", "filing_unit", "category")
            .order_by("filing_unit__path", "id")
        )

    def render_page(self, form):
        rows = list(self.candidates())
        if form.is_bound:
            chosen = set(form.data.getlist("nominations"))
        else:
            chosen = {
                str(i) for i in self.vote.entries.values_list("nomination__public_id", flat=True)
            }
        for nomination in rows:
            nomination.chosen = str(nomination.public_id) in chosen
        entries = list(
            self.vote.entries.select_related("nomination__person", "nomination__collective")
        )
        return render(
            self.request,
            self.template_name,
            {
                "campaign": self.campaign,
                "vote": self.vote,
                "form": form,
                "rows": rows,
                "chosen_count": len(chosen & {str(n.public_id) for n in rows}),
                "entries": entries,
                "editable": self.vote.state == V.PREPARING,
            },
        )

    def get(self, request, *args, **kwargs):
        return self.render_page(ShortlistForm(candidates=self.candidates()))

    def post(self, request, *args, **kwargs):
        form = ShortlistForm(request.POST, candidates=self.candidates())
        if not form.is_valid():
            return self.render_page(form)
        try:
            services.set_shortlist(request.user, self.vote, form.cleaned_data["nominations"])
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_page(form)
        messages.success(request, _("The shortlist was saved."))
        return redirect("public_votes:public-vote-shortlist", code=self.campaign.code)


class EntryView(PageMixin, View):
    template_name = "public_votes/entry_form.html"

    def prepare(self):
        self.entry = get_object_or_404(
            ShortlistEntry.objects.filter(
                vote__in=PublicVote.objects.visible_to(self.request.user)
            ).select_related("vote__campaign", "vote__unit", "nomination__person__unit"),
            public_id=self.kwargs["entry_id"],
        )
        check_runner(self.request.user, self.entry.vote.unit)

    def render_page(self, form):
        return render(
            self.request,
            self.template_name,
            {
                "entry": self.entry,
                "vote": self.entry.vote,
                "campaign": self.entry.vote.campaign,
                "form": form,
            },
        )

    def get(self, request, *args, **kwargs):
        return self.render_page(EntryForm(initial={"summary": self.entry.summary}))

    def post(self, request, *args, **kwargs):
        form = EntryForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_page(form)
        try:
            services.update_entry(
                request.user,
                self.entry,
                summary=form.cleaned_data["summary"],
                photo=form.cleaned_data.get("photo") or None,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "file" in error.error_dict:
                error = ValidationError({"photo": error.error_dict["file"]})
            add_service_errors(form, error)
            return self.render_page(form)
        messages.success(request, _("The public entry was saved."))
        return redirect("public_votes:public-vote-shortlist", code=self.entry.vote.campaign.code)


class RankingView(CampaignVoteMixin, View):
    template_name = "public_votes/ranking.html"

    def render_page(self, form):
        context = {"campaign": self.campaign, "vote": self.vote, "form": form}
        if self.vote.results_visible:
            result, ranked = services.ranking(self.vote)
            chosen = set(form.data.getlist("tie_winners")) if form.is_bound else set()
            context.update(
                {
                    "result": result,
                    "ranked": ranked,
                    "chosen": chosen,
                    "ballot_count": Ballot.objects.filter(vote=self.vote).count(),
                }
            )
        return render(self.request, self.template_name, context)

    def get(self, request, *args, **kwargs):
        return self.render_page(ConfirmForm(vote=self.vote))

    def post(self, request, *args, **kwargs):
        form = ConfirmForm(request.POST, vote=self.vote)
        if not form.is_valid():
            return self.render_page(form)
        try:
            honored = services.confirm_honored(
                request.user, self.vote, form.cleaned_data["tie_winners"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_page(form)
        messages.success(
            request,
            _("%(n)s nominees are honored; the rest of the shortlist is not.")
            % {"n": len(honored)},
        )
        return redirect("public_votes:public-vote-ranking", code=self.campaign.code)


class AuditExportView(CampaignVoteMixin, View):
    """Every ballot: receipt, moment, choices. No address: a voter finds their ballot by the
    receipt; the staff recount from the file. Refused before the vote closes."""

    def get(self, request, *args, **kwargs):
        if not self.vote.results_visible:
            raise PermissionDenied(_("Results are shown only after the vote closes."))
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="phieu-binh-chon-{self.campaign.code}.csv"'
        )
        response.write("\ufeff")  # Excel reads UTF-8 with a BOM
        writer = csv.writer(response)
        writer.writerow(["Mã phiếu", "Thời điểm bỏ phiếu", "Số lựa chọn", "Các lựa chọn"])
        ballots = (
            Ballot.objects.filter(vote=self.vote)
            .order_by("cast_at", "id")
            .prefetch_related(
                "choices__entry__nomination__person", "choices__entry__nomination__collective"
            )
        )
        for ballot in ballots.iterator(chunk_size=500):
            names = sorted(choice.entry.nomination.nominee_name for choice in ballot.choices.all())
            writer.writerow(
                [
                    ballot.receipt,
                    format_moment(ballot.cast_at),
                    len(names),
                    safe_cell("; ".join(names)),
                ]
            )
        return response


urlpatterns = [
    path("c/<slug:code>/binh-chon/", ManageView.as_view(), name="public-vote-manage"),
    path(
        "c/<slug:code>/binh-chon/danh-sach/", ShortlistView.as_view(), name="public-vote-shortlist"
    ),
    path("binh-chon/muc/<uuid:entry_id>/", EntryView.as_view(), name="public-vote-entry"),
    path("c/<slug:code>/binh-chon/ket-qua/", RankingView.as_view(), name="public-vote-ranking"),
    path("c/<slug:code>/binh-chon/phieu.csv", AuditExportView.as_view(), name="public-vote-audit"),
]
