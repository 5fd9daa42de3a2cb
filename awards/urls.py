"""Mounted at ``khen-thuong/`` by ``config/urls.py``: the decisions, the certificates, the
conference and the report of results of a unit that honored."""

from .views import certificates, conferences, decisions, results

app_name = "awards"

urlpatterns = [
    *decisions.urlpatterns,
    *certificates.urlpatterns,
    *conferences.urlpatterns,
    *results.urlpatterns,
]
