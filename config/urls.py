from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView, TemplateView

from committees.views.dashboard import DashboardView
from core.views import two_factor
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
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "tai-khoan/doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("to-chuc/", include("committees.urls")),
    path("dot-khen-thuong/", include("movements.urls")),
    path("dot-khen-thuong/", include("campaigns.urls")),
    path("ho-so/tai-lieu/", include("nominations.evidence_urls")),
    path("ho-so-tong-hop/", include("dossiers.bundles.urls")),
    path("bao-cao/", include("reports.urls")),
    path("ho-so/", include("nominations.urls")),
    path("ho-so/", include("public_votes.urls")),
    path("van-ban/", include("dossiers.documents.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
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
    path("quan-tri/", admin.site.urls),
]

# A database or Redis failure outside a view gets the 503 page too (``config.failures``).
handler500 = "config.failures.server_error"
