"""Mounted at ``van-ban/`` by ``config/urls.py``."""

from django.urls import path

from . import certificate_views, conference_views, decision_views, results_views, views

app_name = "documents"

urlpatterns = [
    path(
        "ho-so/<uuid:public_id>/bao-cao-thanh-tich/",
        views.AchievementReportView.as_view(),
        name="achievement-report",
    ),
    path(
        "ho-so/<uuid:public_id>/danh-muc/",
        views.NominationIndexView.as_view(),
        name="nomination-index",
    ),
    path("c/<slug:code>/<str:unit>/to-trinh/", views.ProposalView.as_view(), name="proposal"),
    path(
        "c/<slug:code>/<str:unit>/danh-sach-trich-ngang/",
        views.NomineeListView.as_view(),
        name="nominee-list",
    ),
    path("c/<slug:code>/<str:unit>/danh-muc/", views.LevelIndexView.as_view(), name="level-index"),
    path(
        "c/<slug:code>/<str:unit>/dang-ky-thi-dua/",
        views.RegistrationView.as_view(),
        name="registration",
    ),
    path("bieu-quyet/<uuid:public_id>/bien-ban/", views.MinutesView.as_view(), name="minutes"),
    path(
        "quyet-dinh/<uuid:public_id>/pdf/",
        decision_views.DecisionPdfView.as_view(),
        name="decision-pdf",
    ),
    path(
        "quyet-dinh/<uuid:public_id>/docx/",
        decision_views.DecisionDocxView.as_view(),
        name="decision-docx",
    ),
    path(
        "quyet-dinh/<uuid:public_id>/giay-khen/",
        certificate_views.CertificatesPdfView.as_view(),
        name="certificates",
    ),
    path(
        "quyet-dinh/<uuid:public_id>/giay-khen/<int:order>/",
        certificate_views.CertificatePdfView.as_view(),
        name="certificate",
    ),
    path(
        "quyet-dinh/<uuid:public_id>/can-chinh-may-in/",
        certificate_views.CalibrationPdfView.as_view(),
        name="calibration",
    ),
    *results_views.urlpatterns,
    # The conference's papers (awards): invitations, the list of the day.
    path(
        "hoi-nghi/<uuid:public_id>/giay-moi/",
        conference_views.InvitationsView.as_view(),
        name="invitations",
    ),
    path(
        "hoi-nghi/<uuid:public_id>/danh-sach.pdf",
        conference_views.ListPdfView.as_view(),
        name="conference-list-pdf",
    ),
    path(
        "hoi-nghi/<uuid:public_id>/danh-sach.xlsx",
        conference_views.ListXlsxView.as_view(),
        name="conference-list-xlsx",
    ),
]
