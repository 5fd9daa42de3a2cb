"""Each feature's view module declares its own ``urlpatterns``; they are joined here."""

from .views import appraisal, detail, filing, lists, reminders, voting

app_name = "nominations"

urlpatterns = [
    *filing.urlpatterns,
    *detail.urlpatterns,
    *appraisal.urlpatterns,
    *voting.urlpatterns,
    *lists.urlpatterns,
    *reminders.urlpatterns,
]
