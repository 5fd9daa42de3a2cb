from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView, TemplateView

from committees.views.dashboard import DashboardView
from core.views import health, profile, sign_in, two_factor
from core.views.search import SearchView

urlpatterns = [
    path("", DashboardView.as_view(), name="dashboard"),
    path("tim-kiem/", SearchView.as_view(), name="search"),
    path("tai-khoan/dang-nhap/", two_factor.TwoStepLoginView.as_view(), name="login"),
    path(
        "tai-khoan/dang-nhap/ma-xac-thuc/",
        two_factor.VerifyView.as_view(),
        name="two-factor-verify",
    ),
    path("tai-khoan/xac-thuc-hai-buoc/", two_factor.EnrolView.as_view(), name="two-factor-enrol"),
    path("tai-khoan/dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "tai-khoan/doi-mat-khau/",
        sign_in.ChangePasswordView.as_view(),
        name="password_change",
    ),
    path(
        "tai-khoan/doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # Sign-in help: "Quên mật khẩu" by e-mail, the user's own profile and backup codes.
    path("quen-mat-khau/", sign_in.ForgotPasswordView.as_view(), name="password_reset"),
    path(
        "quen-mat-khau/da-gui/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "quen-mat-khau/<uidb64>/<token>/",
        sign_in.ResetPasswordConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "quen-mat-khau/xong/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("tai-khoan-cua-toi/", profile.ProfileView.as_view(), name="profile"),
    path(
        "tai-khoan-cua-toi/ma-du-phong/",
        two_factor.BackupCodesView.as_view(),
        name="two-factor-backup-codes",
    ),
    path("tai-khoan/", include("accounts.urls")),
    path("to-chuc/", include("committees.urls")),
    path("dot-khen-thuong/", include("movements.urls")),
    path("dot-khen-thuong/", include("campaigns.urls")),
    path("ho-so/tai-lieu/", include("nominations.evidence_urls")),
    path("ho-so-tong-hop/", include("dossiers.bundles.urls")),
    path("bao-cao/", include("reports.urls")),
    path("khen-thuong/", include("awards.urls")),
    path("ho-so/", include("nominations.urls")),
    path("ho-so/", include("public_votes.urls")),
    path("van-ban/", include("dossiers.documents.urls")),
    path("thong-bao/", include("notifications.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("nhat-ky-truy-cap/", include("access.urls")),
    # The admin site logs in through the app's own login, so that two-factor login cannot be
    # skipped by logging in at the admin's password-only page.
    path(
        "quan-tri/login/",
        RedirectView.as_view(pattern_name="login", query_string=True),
        name="admin-login",
    ),
    # For load balancers and uptime checks: answers without a login or a database query.
    path(
        "healthz/",
        TemplateView.as_view(template_name="healthz.txt", content_type="text/plain; charset=utf-8"),
        name="healthz",
    ),
    # For the orchestrator: the database, Redis, a recent worker and free disk (core.health).
    path("healthz/ready/", health.ready, name="healthz-ready"),
    path("quan-tri/", admin.site.urls),
]

# The site's own error pages, in its layout (``config.failures``); a database or Redis failure
# outside a view gets the 503 page.
handler400 = "config.failures.bad_request"
handler403 = "config.failures.permission_denied"
handler404 = "config.failures.page_not_found"
handler500 = "config.failures.server_error"
