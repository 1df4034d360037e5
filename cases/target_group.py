"""The programme's target group: adults exposed to trafficking; their children come with them.

Seed 002 ("Målgrupp", lines 292–298) names the exposed persons and adds "ett barnperspektiv
som innebär att den utsattas barn inkluderas i stödinsatsen": children are supported as the
person's children (``cases.models.Child``), never as cases of their own. A case knows only
the birth year, so a person is refused as under 18 when that is certain: the year of the
date in question minus the birth year is below 18 (someone born in the year that makes 18
may already be 18 and is let through; the actor's assessment decides).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ADULT_AGE = 18


def is_certainly_minor(birth_year: int | None, on: date) -> bool:
    return bool(birth_year) and on.year - int(birth_year or 0) < ADULT_AGE


def check_adult(birth_year: int | None, on: date) -> None:
    """Refuse a person who is certainly under 18 on ``on``."""
    if is_certainly_minor(birth_year, on):
        raise ValidationError(
            {
                "birth_year": _(
                    "The programme is for adults: a person under 18 cannot be admitted. "
                    "A child is supported with a parent, as the parent's child."
                )
            }
        )
