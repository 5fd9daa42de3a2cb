"""The units' review reports (the files of a nomination: ``nominations.views.evidence``)."""
