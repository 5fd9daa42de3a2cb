"""Whole-dossier bundles ("Tải toàn bộ hồ sơ"): every document of every nominee a reviewing unit
sends up, gathered by a Celery task into one zip with a readable folder layout.

- ``providers``: what goes into a bundle, as a registry other code plugs into;
- ``building``: the zip itself, from a list of ``BundleFile`` (no database);
- ``selection``: which nominations a unit's bundle holds, prepared once for every provider;
- ``tasks``: the Celery tasks, with their progress on the ``DossierBundle`` row: inline in one
  go; in a worker in parts that its processes run side by side, then a last task for the zip;
- ``services``: who may ask for a bundle; ``views``/``urls``: the pages.
"""
