from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("quan-ly/", views.AccountListView.as_view(), name="list"),
    path("quan-ly/tao-moi/", views.AccountCreateView.as_view(), name="create"),
    path("quan-ly/<int:pk>/", views.AccountDetailView.as_view(), name="detail"),
    path("quan-ly/<int:pk>/khoa/", views.DeactivateView.as_view(), name="deactivate"),
    path("quan-ly/<int:pk>/mo-khoa/", views.ReactivateView.as_view(), name="reactivate"),
    path(
        "quan-ly/<int:pk>/cap-lai-mat-khau/",
        views.ResetPasswordView.as_view(),
        name="reset-password",
    ),
    path("quan-ly/nhat-ky/", views.AccountLogView.as_view(), name="log"),
    path("quan-ly/nhap-tu-tep/", views.AccountImportView.as_view(), name="import"),
    path("quan-ly/nhap-tu-tep/mau/", views.ImportTemplateView.as_view(), name="import-template"),
    path("quan-ly/phieu/", views.SheetView.as_view(), name="sheet"),
    path("quan-ly/phieu/<str:fmt>/", views.SheetDownloadView.as_view(), name="sheet-download"),
    path(
        "dat-mat-khau/<uidb64>/<token>/",
        views.SetPasswordView.as_view(),
        name="set_password",
    ),
]
