"""Mounted at ``bao-cao/``: the units' reports a campaign asks for."""

from . import views

app_name = "reports"

urlpatterns = views.urlpatterns
