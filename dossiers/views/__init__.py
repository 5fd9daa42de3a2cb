"""The documents of a nomination: the section of the nomination page (``section``, which the
nominations app imports) and the upload, download and remove views (``files``)."""
