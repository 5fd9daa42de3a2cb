from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import TemplateView

from committees.views.dashboard import DashboardView

urlpatterns = [
    path("", DashboardView.as_view(), name="dashboard"),
    path("tai-khoan/dang-nhap/", auth_views.LoginView.as_view(), name="login"),
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
    path("dot-khen-thuong/", include("campaigns.urls")),
    path("ho-so/tai-lieu/", include("dossiers.urls")),
    path("ho-so-tong-hop/", include("dossiers.bundles.urls")),
    path("ho-so/", include("nominations.urls")),
    path("van-ban/", include("dossiers.documents.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # For load balancers and uptime checks: answers without a login or a database query.
    path("healthz/", TemplateView.as_view(template_name="healthz.txt",
                                          content_type="text/plain; charset=utf-8"),
         name="healthz"),
    path("quan-tri/", admin.site.urls),
]
