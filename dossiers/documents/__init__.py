"""Official documents rendered from the data: tờ trình, biên bản, báo cáo thành tích, danh sách
trích ngang, the Mẫu 1 registration of seed 001 and the dossier's cover list (danh mục hồ sơ);
the conference's invitations and list of the day (``conference``, ``conference_views``).

``context`` reads the models into a plain dict per document; ``rendering`` turns it into HTML
with a template under ``templates/documents/`` and then into PDF (``pdf``, WeasyPrint), DOCX
(``docx``, from the same HTML) or XLSX (``xlsx``, the lists). ``forms_registry`` says which
achievement-report form a campaign uses and its page limit; ``checks`` counts a report's pages.

The documents' own words are Vietnamese in the templates and in ``party_format``, not msgids:
an official Party document is Vietnamese whoever downloads it, and a form prescribed by a decree
is copied as it stands. The pages around them (the form before download, the links) are
translated as everywhere else.
"""
