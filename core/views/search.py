"""The search page: people, nominations and units of the user's subtree, by folded name or code."""

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from .. import search
from ..forms import SearchForm

#: results shown per group on the page of every group; the rest are one click away
PREVIEW = 10
PAGE_SIZE = 50
#: matches counted and paged at most: a common name in a city of 250,000 people matches tens of
#: thousands, and nobody pages through them; the page asks for more words instead
MOST = 1000
#: matches counted per group on the page of every group: more shows "100+" and a link to the
#: group, which counts up to ``MOST``. Counting a common name ("nguyen": 83,540 people) to a
#: thousand reads the whole trigram index entry; to a hundred, a few thousand rows at most.
OVERVIEW_MOST = 100


class SearchView(LoginRequiredMixin, TemplateView):
    template_name = "search/results.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        form = SearchForm(self.request.GET)
        context: dict[str, Any] = {
            "form": form,
            "groups": [],
            "page_obj": None,
            "notice": "",
            "most": MOST,
        }
        query = form.cleaned_data["q"] if form.is_valid() else ""
        kind = self.request.GET.get("nhom")
        only = search.section(kind) if kind else None
        if kind and only is None:
            raise Http404
        context.update(query=query, only=only)
        words = search.words_of(query)
        if form.is_valid() and query and not words:
            context["notice"] = _("Please type at least two letters or digits to search for.")
        if not words:
            return super().get_context_data(**context, **kwargs)
        if only is not None:
            found = only.search(user, words)
            page = Paginator(found[:MOST], PAGE_SIZE).get_page(self.request.GET.get("page"))
            count = page.paginator.count
            capped = count == MOST and found[MOST : MOST + 1].exists()
            context.update(
                page_obj=page,
                paginator=page.paginator,
                is_paginated=page.has_other_pages(),
                groups=[
                    {"section": only, "rows": page.object_list, "count": count, "capped": capped}
                ],
            )
        else:
            for section in search.sections():
                found = section.search(user, words)
                # The preview first, one row more than shown: when that is not full it is the
                # count, and the count query (the trigram index read to the end) is skipped.
                rows = section.first_rows(user, found, PREVIEW + 1)
                if len(rows) > PREVIEW:
                    # no sort: stops at OVERVIEW_MOST + 1
                    count = found.order_by()[: OVERVIEW_MOST + 1].count()
                    rows = rows[:PREVIEW]
                else:
                    count = len(rows)
                context["groups"].append(
                    {
                        "section": section,
                        "rows": rows,
                        "count": min(count, OVERVIEW_MOST),
                        "capped": count > OVERVIEW_MOST,
                        "more": count > PREVIEW,
                    }
                )
            context["most"] = OVERVIEW_MOST
        context["total"] = sum(group["count"] for group in context["groups"])
        context["capped"] = any(group["capped"] for group in context["groups"])
        return super().get_context_data(**context, **kwargs)
