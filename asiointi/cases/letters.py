"""Decision letters as accessible PDF documents (WeasyPrint). Being written (issue 3)."""


def decision_letter_store(case_id: int) -> None:
    """Placeholder while the letter is written; replaced before this lands."""
