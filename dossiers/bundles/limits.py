"""How long a bundle may take. The worker enforces the Celery limits on each task (prefork
pool); the builder also checks ``SOFT_TIME_LIMIT`` itself between files, counted from the
bundle's start however many tasks build it, so the limit holds for the whole bundle, in every
pool and inline too."""

import datetime

#: seconds: the task stops, marks the bundle failed and removes the partial file
SOFT_TIME_LIMIT = 300
#: seconds: the worker kills the task (it could not clean up: see ``STALE_AFTER``)
TIME_LIMIT = 330
#: a bundle still "running" this long after it started was interrupted (worker killed or lost)
STALE_AFTER = datetime.timedelta(seconds=TIME_LIMIT + 60)
#: seconds between two writes of the progress to the database (the last one always goes)
PROGRESS_INTERVAL = 0.5
