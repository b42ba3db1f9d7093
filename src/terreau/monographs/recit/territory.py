"""The sections of a territory's récit read from the territory dashboard (`terreau.dashboard`):
the diagnosis, the cooperations' published parts, the open needs, the useful effects. Each
builder takes a `TerritoryView` and returns parts (`content.py`); the dashboard's own rules say
what each reader sees, none is repeated here."""

from django.utils import formats
from django.utils.translation import gettext as _

from terreau.cooperations.models import Cooperation
from terreau.monographs.content import Bullets, Facts, Missing, Table, Text
from terreau.monographs.recit.view import TerritoryView
from terreau.monographs.sections.reading import euros


def _status(key: str) -> str:
    return {"gap": _("manque"), "low": _("faible")}.get(key, _("couvert"))


def identity(view: TerritoryView) -> Facts:
    data = view.dashboard
    territory = data["territory"]
    return Facts(
        [
            (_("Territoire"), territory["name"]),
            (_("Niveau"), str(view.territory.level_label)),
            (_("Habitants"), _number(territory["population"]) if territory["population"] else "—"),
            (_("Coopérations qui y agissent"), _number(data["cooperations"]["total"])),
            (_("Territoire de comparaison"), data["compare_to"]["name"]),
        ]
    )


def diagnosis(view: TerritoryView) -> list:
    """The life functions: actors, the diagnosis' state, the blocks of cooperations serving them."""
    data = view.dashboard
    rows = [
        [
            lf["label"],
            _number(lf["actors"]),
            _status(lf["status"]),
            ", ".join(f"{b['block']} ({b['cooperation']})" for b in lf["blocks"]) or _("aucune"),
        ]
        for lf in data["life_functions"]
    ]
    parts: list = [
        Text(
            _(
                "L'état vient du diagnostic des acteurs, comparé à %(other)s : « manque » (aucun "
                "acteur), « faible » (moins de la moitié de la densité de référence) ou "
                "« couvert »."
            )
            % {"other": data["compare_to"]["name"]}
        ),
        Table(
            _("Fonctions de vie, acteurs, état du diagnostic et briques qui les servent"),
            [_("Fonction de vie"), _("Acteurs"), _("Diagnostic"), _("Briques des coopérations")],
            rows,
        ),
    ]
    if data["gaps_without_cooperation"]:
        parts.append(
            Bullets(
                _("En manque ou faibles, et servies par aucune brique de coopération"),
                list(data["gaps_without_cooperation"]),
            )
        )
    return parts


def cooperations(view: TerritoryView) -> list:
    """The cooperations acting on the territory, by stage, with their aim (a published field)."""
    data = view.dashboard["cooperations"]
    if not data["total"]:
        return [Missing(_("Aucune coopération publiée n'agit encore sur ce territoire."))]
    aims = dict(
        Cooperation.objects.filter(slug__in=[c["slug"] for c in data["list"]]).values_list(
            "slug", "aim"
        )
    )
    parts: list = [
        Table(
            _("Coopérations par étape"),
            [_("Étape"), _("Nombre")],
            [[row["label"], _number(row["count"])] for row in data["by_stage"] if row["count"]],
        ),
        Table(
            _("Les coopérations"),
            [_("Coopération"), _("Étape"), _("Typologie"), _("Modèles"), _("Visée")],
            [
                [
                    c["name"] + ("" if c["is_public"] else f" ({_('privée')})"),
                    c["stage"]["label"],
                    c["cooperation_type"]["label"],
                    ", ".join(m["label"] for m in c["models"]) or "—",
                    aims.get(c["slug"], ""),
                ]
                for c in data["list"]
            ],
        ),
    ]
    if data["private"]:
        parts.append(
            Text(
                _(
                    "Les coopérations marquées « privée » ne sont pas publiées : elles figurent "
                    "ici parce que le lecteur a accès à leur dossier."
                )
            )
        )
    return parts


def needs(view: TerritoryView) -> list:
    data = view.dashboard["needs"]
    if not data["total"]:
        return [Missing(_("Aucun besoin ouvert n'est enregistré dans le diagnostic."))]
    return [
        Table(
            _("Besoins ouverts"),
            [
                _("Besoin"),
                _("Enregistré sur"),
                _("Priorité"),
                _("Coopérations qui s'en saisissent"),
            ],
            [
                [
                    need["title"],
                    need["recorded_on"]["name"],
                    need["priority"]["label"],
                    ", ".join(c["name"] for c in need["cooperations"])
                    or _("aucune pour l'instant"),
                ]
                for need in data["list"]
            ],
        )
    ]


def useful_effects(view: TerritoryView) -> list:
    """Never in the public version: the economic model has no published part (docs/dashboard.md)."""
    data = view.dashboard["economy"]
    if not data["cooperations"]:
        return [
            Missing(
                _(
                    "Les effets utiles font partie du modèle économique de chaque coopération, "
                    "réservé à ses membres : la version publique n'en montre rien."
                )
            )
        ]
    if not data["effects"]:
        return [Missing(_("Aucun effet utile n'est enregistré."))]
    return [
        Table(
            _("Effets utiles et contributeurs"),
            [
                _("Effet"),
                _("Coopération"),
                _("Type"),
                _("Valeur annuelle estimée"),
                _("Contributeurs"),
            ],
            [
                [
                    e["name"],
                    e["cooperation"],
                    e["effect_type"]["label"],
                    "—"
                    if e["estimated_annual_value"] is None
                    else euros(e["estimated_annual_value"]),
                    ", ".join(f"{c['name']} ({c['status']['label']})" for c in e["contributors"])
                    or _("aucun"),
                ]
                for e in data["list"]
            ],
        ),
        Text(_("Réservé aux membres : tiré du modèle économique des coopérations du lecteur.")),
    ]


def _number(value) -> str:
    return formats.number_format(value, 0, use_l10n=True, force_grouping=True)
