from django.urls import path

from .views import imports, people, tree, unit_changes

app_name = "committees"

urlpatterns = [
    path("", tree.UnitTreeView.as_view(), name="unit-tree"),
    path("don-vi/<str:code>/", tree.UnitDetailView.as_view(), name="unit-detail"),
    path("don-vi/<str:code>/doi-ten/", unit_changes.RenameUnitView.as_view(), name="unit-rename"),
    path("don-vi/<str:code>/hop-nhat/", unit_changes.MergeUnitView.as_view(), name="unit-merge"),
    path("don-vi/<str:code>/giai-the/", unit_changes.CloseUnitView.as_view(), name="unit-close"),
    path("dang-vien/", people.PersonListView.as_view(), name="person-list"),
    path("dang-vien/<str:code>/", people.PersonDetailView.as_view(), name="person-detail"),
    path("nhap-du-lieu/", imports.ImportView.as_view(), name="import"),
    path(
        "nhap-du-lieu/mau/<slug:slug>/",
        imports.ImportTemplateView.as_view(),
        name="import-template",
    ),
]
