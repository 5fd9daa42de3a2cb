from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo: ``demo``, ``seed_demo``, ``seed_demo_campaigns`` and the builders they use, and
    ``generate_dataset`` (the benchmark's dataset, built by ``bench.dataset``). On top of every
    app; no app imports it."""

    name = "demo"
