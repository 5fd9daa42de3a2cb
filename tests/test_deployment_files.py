"""The production stack in docker-compose.yml and its Dockerfile say what the README says."""

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
APP_SERVICES = ("web", "worker", "beat")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def _environment(service: dict) -> dict:
    env = service.get("environment", {})
    if isinstance(env, list):  # the "KEY=value" form
        env = dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return env


def test_the_five_services_exist(compose):
    assert {"web", "worker", "beat", "db", "redis"} <= set(compose["services"])


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_get_the_database_and_the_broker(compose, name):
    env = _environment(compose["services"][name])
    assert env.get("DATABASE_URL", "").startswith("postgres://")
    assert env.get("REDIS_URL", "").startswith("redis://")
    assert str(env.get("DEBUG")) in {"0", "False", "false"}
    assert "SECRET_KEY" in env
    assert "ALLOWED_HOSTS" in env
    assert env.get("DJANGO_ENV", "").endswith("production}")  # unless set empty on purpose


def test_commands(compose):
    services = compose["services"]
    web = " ".join(_as_list(services["web"]["command"]))
    assert "migrate" in web
    assert "collectstatic" in web
    assert "gunicorn" in web and "config.wsgi" in web
    assert "celery -A config worker" in " ".join(_as_list(services["worker"]["command"]))
    assert "celery -A config beat" in " ".join(_as_list(services["beat"]["command"]))


def test_every_long_running_service_has_a_health_check(compose):
    services = compose["services"]
    for name in ("web", "worker", "beat", "db", "redis"):
        assert services[name]["healthcheck"]["test"], name
    assert "/healthz/ready/" in " ".join(_as_list(services["web"]["healthcheck"]["test"]))
    assert "inspect ping" in " ".join(_as_list(services["worker"]["healthcheck"]["test"]))


def test_gunicorn_replaces_its_workers_after_some_requests(compose):
    web = " ".join(_as_list(compose["services"]["web"]["command"]))
    assert "--max-requests 1000" in web and "--max-requests-jitter" in web


def test_versions_and_volumes(compose):
    services = compose["services"]
    assert services["db"]["image"].startswith("postgres:15")
    assert services["redis"]["image"].startswith("redis:7")
    media_root = _environment(services["web"])["MEDIA_ROOT"]
    for name in ("web", "worker"):
        assert _environment(services[name])["MEDIA_ROOT"] == media_root
        assert any(str(v).endswith(f":{media_root}") for v in services[name]["volumes"])
    assert compose["volumes"].keys() >= {"media", "pgdata"}


def test_dockerfile_base_image():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "FROM python:3.11-slim-bookworm" in dockerfile
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "fonts-liberation2"):
        assert package in dockerfile


def _as_list(command) -> list[str]:
    return command if isinstance(command, list) else [command]
