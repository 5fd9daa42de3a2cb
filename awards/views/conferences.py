"""Pages of the conferences (mounted under ``khen-thuong/`` by ``awards/urls.py``)."""

urlpatterns: list = []
