"""Identifiers of French organisations, checked the way the registers check them."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

RNA_PATTERN = re.compile(r"^W\d{9}$")
# La Poste's establishments share SIREN 356000000 and do not follow the Luhn rule; their SIRETs
# follow a rule of their own (sum of digits divisible by 5).
LA_POSTE_SIREN = "356000000"


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalize_identifier(value: str) -> str:
    """A SIRET, SIREN or RNA number as registers write it: "882 345 671 00003" → "88234567100003",
    "w623-001-234" → "W623001234"."""
    return re.sub(r"[\s.\-]", "", value or "").upper()


def normalize_website(value: str) -> str:
    """A website as people write it, made a web address: "www.example.org" →
    "https://www.example.org" (a missing scheme is taken to be https, like the forms do). Raises
    ValidationError when it is still not one."""
    value = (value or "").strip()
    if not value:
        return ""
    if not re.match(r"^[a-z][a-z0-9+.\-]*://", value, re.IGNORECASE):
        value = f"https://{value}"
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError as error:
        raise ValidationError(
            _("Adresse web invalide (par exemple https://exemple.fr)."), code="website"
        ) from error
    return value


def validate_siret(value: str) -> None:
    if not re.fullmatch(r"\d{14}", value):
        raise ValidationError(_("Un SIRET compte 14 chiffres."), code="siret_format")
    if value.startswith(LA_POSTE_SIREN):
        if sum(int(c) for c in value) % 5:
            raise ValidationError(_("SIRET invalide (clé de contrôle)."), code="siret_key")
    elif not luhn_valid(value):
        raise ValidationError(_("SIRET invalide (clé de contrôle)."), code="siret_key")


def validate_siren(value: str) -> None:
    if not re.fullmatch(r"\d{9}", value) or not luhn_valid(value):
        raise ValidationError(_("SIREN invalide : 9 chiffres avec clé de contrôle."), code="siren")


def validate_rna(value: str) -> None:
    if not RNA_PATTERN.match(value):
        raise ValidationError(
            _("Numéro RNA invalide : « W » suivi de 9 chiffres."), code="rna_format"
        )
