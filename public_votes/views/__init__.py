"""The public's pages (``public``) and the standing committee's (``manage``)."""
