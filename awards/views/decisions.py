"""Pages of the decisions (mounted under ``khen-thuong/`` by ``awards/urls.py``)."""

urlpatterns: list = []
