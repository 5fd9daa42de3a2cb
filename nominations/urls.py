"""Each feature's view module declares its own ``urlpatterns``; they are joined here."""

from .views import appraisal, filing, lists, voting

app_name = "nominations"

urlpatterns = [
    *filing.urlpatterns,
    *appraisal.urlpatterns,
    *voting.urlpatterns,
    *lists.urlpatterns,
]
