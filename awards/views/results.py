"""Pages of the results (mounted under ``khen-thuong/`` by ``awards/urls.py``)."""

urlpatterns: list = []
