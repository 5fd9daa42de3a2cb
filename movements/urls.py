"""Mounted at ``dot-khen-thuong/``, ahead of the campaigns' own pages, where these pages always
were: ``phong-trao-bon-tot/`` is a reserved campaign code (``campaigns.config.RESERVED_CODES``),
the rest sit under ``<campaign code>/bon-tot/``."""

from django.urls import path

from .views import dashboard, judgements, overview, results, rewards

app_name = "movements"

urlpatterns = [
    path("phong-trao-bon-tot/", overview.MovementListView.as_view(), name="four-good-home"),
    *overview.urlpatterns,
    *results.urlpatterns,
    *dashboard.urlpatterns,
    *rewards.urlpatterns,
    *judgements.urlpatterns,
]
