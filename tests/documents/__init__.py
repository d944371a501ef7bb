"""Tests of the documents a consultant hands on (kszcheck.documents): the KSZ questionnaire and
the annual report, opened with python-docx and openpyxl."""
