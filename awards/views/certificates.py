"""Pages of the certificates (mounted under ``khen-thuong/`` by ``awards/urls.py``)."""

urlpatterns: list = []
