"""Mounted at ``ho-so/tai-lieu/``: the files of a nomination."""

from django.urls import path

from .views import evidence as files

app_name = "evidence"

urlpatterns = [
    path("<uuid:public_id>/tai-len/", files.UploadView.as_view(), name="upload"),
    path("tep/<uuid:public_id>/", files.DownloadView.as_view(), name="download"),
    path("tep/<uuid:public_id>/xoa/", files.RemoveView.as_view(), name="remove"),
]
