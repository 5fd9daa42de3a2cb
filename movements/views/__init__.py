"""The pages of the four-good movement, one module per feature; each declares its
``urlpatterns`` under ``<campaign code>/bon-tot/``."""
