# The application image: web (gunicorn), Celery worker and beat all run from it.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    VAR_DIR=/app/var \
    MEDIA_ROOT=/data/media

# WeasyPrint's libraries, HarfBuzz's subsetter (much faster PDF fonts) and a serif font with
# every Vietnamese glyph for Party-format documents; pg_dump and pg_restore (15, as the db
# service) for `manage.py backup` and `restore`.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 \
        postgresql-client-15 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# The pinned dependencies first, from pyproject.toml alone, so that this layer is rebuilt only
# when they change. The code itself runs from /app (PYTHONPATH) next to its templates, static
# files and translations, which are not part of the Python package.
COPY pyproject.toml README.md ./
RUN pip install .

COPY . .
RUN useradd --create-home --uid 1000 app \
    && mkdir -p /app/var /data/media \
    && chown -R app:app /app/var /data/media

USER app
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--max-requests", "1000", "--max-requests-jitter", "100"]
