"""Mounted at ``bao-cao/``: the units' reports a campaign asks for."""

from .views import reports

app_name = "reports"

urlpatterns = reports.urlpatterns
