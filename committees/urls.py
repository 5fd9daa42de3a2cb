from django.urls import path

from .views import imports, people, tree

app_name = "committees"

urlpatterns = [
    path("", tree.UnitTreeView.as_view(), name="unit-tree"),
    path("don-vi/<str:code>/", tree.UnitDetailView.as_view(), name="unit-detail"),
    path("dang-vien/", people.PersonListView.as_view(), name="person-list"),
    path("dang-vien/<str:code>/", people.PersonDetailView.as_view(), name="person-detail"),
    path("nhap-du-lieu/", imports.ImportView.as_view(), name="import"),
]
