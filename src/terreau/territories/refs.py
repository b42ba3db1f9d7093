"""Territory references, written the same everywhere (CLI, API, URLs): `commune:62057`,
`epci:246200364`, `departement:62`, `region:32`, `bassin:62057`, `zone_emploi:2201`,
`projet:<slug>`."""

import re

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja.errors import HttpError

from terreau.territories.models import (
    BassinVie,
    Commune,
    CommuneAlias,
    Departement,
    Epci,
    Level,
    ProjectTerritory,
    Region,
    ZoneEmploi,
)

AREA_MODELS = {
    Level.COMMUNE: Commune,
    Level.EPCI: Epci,
    Level.DEPARTEMENT: Departement,
    Level.REGION: Region,
    Level.BASSIN: BassinVie,
    Level.ZONE_EMPLOI: ZoneEmploi,
}
COMMUNE_CODE = r"(?:\d{5}|2[AB]\d{3})"
CODE_PATTERNS = {
    Level.COMMUNE: COMMUNE_CODE,
    Level.EPCI: r"\d{9}",
    Level.DEPARTEMENT: r"(?:\d{2,3}|2[AB])",
    Level.REGION: r"\d{2,3}",
    Level.BASSIN: COMMUNE_CODE,
    Level.ZONE_EMPLOI: r"\d{4}",
    Level.PROJET: r"[a-z0-9][a-z0-9_-]*",
}
ACCEPTED_FORMS = (
    "commune:62057, epci:246200364, departement:62, region:32, bassin:62057, "
    "zone_emploi:3203, projet:<identifiant>"
)


class TerritoryRefError(ValueError):
    """A reference that is malformed or names no territory (that the user may see)."""


def parse_ref(ref: str) -> tuple[Level, str]:
    level_text, _sep, code = ref.strip().partition(":")
    try:
        level = Level(level_text.lower())
    except ValueError:
        level = None
    if level is None or not re.fullmatch(CODE_PATTERNS[level], code, flags=re.IGNORECASE):
        raise TerritoryRefError(
            _("Référence de territoire mal formée : « %(ref)s ». Formes acceptées : %(forms)s")
            % {"ref": ref, "forms": ACCEPTED_FORMS}
        )
    return level, code.upper() if level != Level.PROJET else code.lower()


def canonical_ref(ref: str) -> str:
    """`ref` as Terreau writes it (level in lower case, code in upper case, a project's slug in
    lower case): `EPCI:246200364` → `epci:246200364`. Raises TerritoryRefError when malformed;
    says nothing of whether the territory exists."""
    level, code = parse_ref(ref)
    return f"{level.value}:{code}"


class TerritoryRefConverter:
    """The `<territory_ref:ref>` of every `/territoires/<ref>/…` address: the view receives the
    reference in its canonical spelling (`canonical_ref`), a malformed one as it was written (the
    view answers its 404). `territories.middleware.CanonicalRefMiddleware` redirects a page
    written with another spelling to its canonical address."""

    regex = "[^/]+"

    def to_python(self, value: str) -> str:
        try:
            return canonical_ref(value)
        except TerritoryRefError:
            return value

    def to_url(self, value: str) -> str:
        return value


def resolve(ref: str, *, user=None):
    """The territory named by `ref`.

    `user` limits project territories to those the user may see; `None` means the command line,
    which acts with the rights of the server's operator.
    """
    level, code = parse_ref(ref)
    if level == Level.PROJET:
        territory = ProjectTerritory.objects.visible_to(user).filter(slug=code).first()
    elif level == Level.COMMUNE:
        territory = find_commune(code)
    else:
        territory = AREA_MODELS[level].objects.filter(code=code).first()
    if territory is None:
        raise TerritoryRefError(
            _("Territoire inconnu : « %(ref)s ». Formes acceptées : %(forms)s")
            % {"ref": ref, "forms": ACCEPTED_FORMS}
        )
    return territory


FRANCE_REF = "france"


class France:
    """All of France as a comparison territory (`france`)."""

    ref = FRANCE_REF
    name = gettext_lazy("France")
    level = None

    def communes(self):
        return Commune.objects.current()


def resolve_comparison(ref: str, *, user=None):
    """What a territory is compared with: `france`, or the territory `ref` names (see `resolve`)."""
    return France() if ref == FRANCE_REF else resolve(ref, user=user)


def territory_or_404(ref: str, *, user, comparison: bool = False):
    """For a page: the territory `ref` names (or France, with `comparison`), else a 404 page with
    the reference's error. An unknown territory and one the user may not see answer the same."""
    try:
        return resolve_comparison(ref, user=user) if comparison else resolve(ref, user=user)
    except TerritoryRefError as error:
        raise Http404(str(error)) from error


def territory_or_api_404(ref: str, *, user, comparison: bool = False):
    """For the API: as `territory_or_404`, answering a JSON 404 with the reference's error."""
    try:
        return resolve_comparison(ref, user=user) if comparison else resolve(ref, user=user)
    except TerritoryRefError as error:
        raise HttpError(404, str(error)) from error


def resolve_many(refs: list[str], *, user=None) -> list:
    """Resolve each reference, without duplicates, in the given order."""
    territories, seen = [], set()
    for ref in refs:
        territory = resolve(ref, user=user)
        if territory.ref not in seen:
            seen.add(territory.ref)
            territories.append(territory)
    return territories


def resolve_known(refs: list[str], *, user=None) -> list:
    """Like `resolve_many`, leaving out the references that no longer resolve for `user` (a
    project territory since made private, or deleted): for showing what a form or record holds."""
    found = []
    for ref in refs:
        try:
            found.extend(resolve_many([ref], user=user))
        except TerritoryRefError:
            continue
    return found


ALIAS_PREFERENCE = [
    CommuneAlias.Kind.ARRONDISSEMENT,
    CommuneAlias.Kind.FORMER_CODE,
    CommuneAlias.Kind.DELEGATED,
    CommuneAlias.Kind.ASSOCIATED,
]


def find_commune(code: str) -> Commune | None:
    """The current commune known by `code`: its own code, or a former, delegated, associated or
    arrondissement code."""
    commune = Commune.objects.current().filter(code=code).first()
    if commune is not None:
        return commune
    aliases = CommuneAlias.objects.filter(code=code, commune__is_current=True).select_related(
        "commune"
    )
    alias = min(aliases, key=lambda a: ALIAS_PREFERENCE.index(a.kind), default=None)
    return alias.commune if alias else None


def resolve_commune_codes(codes: set[str]) -> dict[str, int]:
    """Map each known code (current or alias) to the id of its current commune, in two queries."""
    resolved = {
        code: pk
        for code, pk in Commune.objects.current().values_list("code", "pk")
        if code in codes
    }
    missing = codes - set(resolved)
    if missing:
        aliases = sorted(
            (
                (ALIAS_PREFERENCE.index(kind), code, commune_id)
                for code, kind, commune_id in CommuneAlias.objects.filter(
                    commune__is_current=True
                ).values_list("code", "kind", "commune_id")
                if code in missing
            ),
            reverse=True,
        )
        resolved.update({code: commune_id for _rank, code, commune_id in aliases})
    return resolved
