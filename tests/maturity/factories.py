"""Maturity rounds for tests, made through the same services as the pages."""

from datetime import timedelta

from django.utils import timezone

from terreau.maturity.models import Round
from terreau.maturity.services import answers_save, link_create, round_launch


def make_round(cooperation, by, title: str = "Tour 2026", **fields) -> Round:
    values = {
        "closes_on": timezone.localdate() + timedelta(days=30),
        "grid_version": "v1",
        "admins_see_answers": False,
    }
    values.update(fields)
    return round_launch(cooperation=cooperation, by=by, title=title, **values)


def answer_by_link(maturity_round, name: str, answers: dict):
    """A person without an account answers through a personal link: {dimension: level or
    (level, comment)}."""
    respondent = link_create(maturity_round=maturity_round, name=name)
    answers_save(
        respondent=respondent,
        answers={
            key: value if isinstance(value, tuple) else (value, "")
            for key, value in answers.items()
        },
    )
    return respondent
