from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import DetailView

from core.views.mixins import ScopedQuerysetMixin

from ..models import Unit
from ..records import unit_sections
from ..scoping import scope_prefix


def children_with_counts(queryset, parent: Unit):
    """The children of ``parent`` with the size of each one's subtree, in one query."""
    return (
        queryset.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("kind", "name")
        .annotate(
            member_total=Count("people", filter=Q(people__is_party_member=True), distinct=True),
        )
    )


class UnitTreeView(ScopedQuerysetMixin, DetailView):
    """The tree starts at the user's own unit (the whole forest for a superuser)."""

    model = Unit

    def get(self, request, *args, **kwargs):
        unit = request.user.unit
        if unit is None:
            if scope_prefix(request.user) is None:
                raise Http404
            unit = Unit.objects.get_first_root_node()
            if unit is None:
                raise Http404
        return redirect("committees:unit-detail", code=unit.code)


class UnitDetailView(ScopedQuerysetMixin, DetailView):
    """One unit: where it stands, its bodies, units below it, its people and ratings.

    With htmx, only the list of child units is returned, for expanding the tree in place.
    """

    model = Unit
    slug_field = "code"
    slug_url_kwarg = "code"
    context_object_name = "unit"
    people_page_size = 50

    def get_template_names(self):
        if self.request.htmx:
            return ["committees/partials/unit_children.html"]
        return ["committees/unit_detail.html"]

    def get_context_data(self, **kwargs):
        unit: Unit = self.object
        visible = self.get_queryset()
        context = super().get_context_data(**kwargs)
        context["children"] = children_with_counts(visible, unit)
        if self.request.htmx:
            return context
        context["ancestors"] = visible.filter(
            path__in=[unit.path[: n * Unit.steplen] for n in range(1, unit.depth)]
        )
        context["bodies"] = unit.bodies.all()
        context["ratings"] = unit.ratings.all()[:5]
        context["changes"] = unit.changes.select_related("related_unit")[:20]
        context["people"] = unit.people.prefetch_related("ratings").order_by("sort_key", "code")[
            : self.people_page_size
        ]
        context["people_total"] = unit.people.count()
        context["can_change"] = self.request.user.has_perm("committees.change_unit", unit)
        context["record_sections"] = unit_sections(self.request.user, unit)
        return context
