import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# What is loaded by now (Django, the apps, the URL and template caches) lives as long as the
# worker: kept out of the collector's generations, a full collection no longer walks it (one
# request in ten or twenty took twice as long), and forked workers keep sharing its pages.
gc.freeze()
