"""Documents a consultant hands on, pre-filled from kszcheck's runs: the KSZ/BCSS
self-assessment questionnaire (Word or Excel) from one assessment, and the security consultant's
annual report (Word) from the history.

``questionnaire`` builds the questionnaire as a pure model; ``word`` and ``excel`` write it with
python-docx and openpyxl. ``annual`` reads the year's runs of a site from a history store into a
model; ``annual_word`` writes it. This package reads no source and no file but a house template.
"""

from kszcheck.documents.annual import AnnualReport, build_annual_report
from kszcheck.documents.annual_word import annual_docx
from kszcheck.documents.excel import questionnaire_xlsx
from kszcheck.documents.questionnaire import Answer, Questionnaire, build_questionnaire
from kszcheck.documents.word import questionnaire_docx

__all__ = [
    "AnnualReport",
    "Answer",
    "Questionnaire",
    "annual_docx",
    "build_annual_report",
    "build_questionnaire",
    "questionnaire_docx",
    "questionnaire_xlsx",
]
