"""Documents a consultant hands on, pre-filled from kszcheck's runs: the KSZ/BCSS
self-assessment questionnaire (Word or Excel) from one assessment, and the security consultant's
annual report (Word) from the history.

``questionnaire`` builds the questionnaire as a pure model; ``word`` and ``excel`` write it with
python-docx and openpyxl. This package reads no source and no file but a house template.
"""

from kszcheck.documents.excel import questionnaire_xlsx
from kszcheck.documents.questionnaire import Answer, Questionnaire, build_questionnaire
from kszcheck.documents.word import questionnaire_docx

__all__ = [
    "Answer",
    "Questionnaire",
    "build_questionnaire",
    "questionnaire_docx",
    "questionnaire_xlsx",
]
