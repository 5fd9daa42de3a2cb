"""Mounted at ``ho-so-tong-hop/``: whole-dossier bundles."""

from django.urls import path

from . import views

app_name = "bundles"

urlpatterns = [
    path("c/<slug:code>/", views.BundleListView.as_view(), name="list"),
    path("<uuid:public_id>/", views.BundleDetailView.as_view(), name="detail"),
    path("<uuid:public_id>/tien-do/", views.BundleProgressView.as_view(), name="progress"),
    path("<uuid:public_id>/tai-ve/", views.BundleDownloadView.as_view(), name="download"),
]
