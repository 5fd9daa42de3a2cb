"""Mounted at ``ho-so/``, where these pages always were (links sent by e-mail keep working)."""

from .views import manage, public

app_name = "public_votes"

urlpatterns = [*public.urlpatterns, *manage.urlpatterns]
