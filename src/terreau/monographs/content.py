"""The structured content of a monograph: a few kinds of parts that the web page, the HTML/PDF
report and the DOCX writer all know how to render (each part's `kind` picks its rendering)."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass
class Facts:
    """Label–value pairs (a definition list, a two-column table in DOCX)."""

    kind: ClassVar[str] = "facts"
    rows: list[tuple[str, str]]


@dataclass
class Text:
    kind: ClassVar[str] = "text"
    text: str


@dataclass
class Bullets:
    kind: ClassVar[str] = "bullets"
    title: str
    items: list[str]


@dataclass
class Table:
    kind: ClassVar[str] = "table"
    caption: str
    columns: list[str]
    rows: list[list[str]]


@dataclass
class Figure:
    """An inline SVG drawn on the server from escaped data; the DOCX gives its caption, and the
    figure's data is always also given as a table or list beside it (its text alternative)."""

    kind: ClassVar[str] = "figure"
    svg: str
    caption: str


@dataclass
class Missing:
    """Data the grid asks for that the record does not hold (yet)."""

    kind: ClassVar[str] = "missing"
    text: str


@dataclass
class Section:
    key: str
    number: int
    title: str
    questions: list[str]
    parts: list
    narrative: str = ""
    narrative_by: str = ""
    narrative_on: datetime | None = None
    version: int = 0

    @property
    def paragraphs(self) -> list[str]:
        """The narrative's paragraphs: blocks separated by a blank line."""
        return [
            block.strip()
            for block in self.narrative.replace("\r\n", "\n").split("\n\n")
            if block.strip()
        ]

    @property
    def signature(self) -> str:
        """Who last wrote the narrative, and when."""
        if not self.narrative_on:
            return ""
        return _("Récit mis à jour le %(date)s par %(name)s") % {
            "date": formats.date_format(self.narrative_on, "SHORT_DATE_FORMAT"),
            "name": self.narrative_by or "—",
        }


@dataclass(kw_only=True)
class Document:
    """What a cooperation's monograph and a territory's récit share: the page, the printable
    HTML, the PDF and the DOCX render either. Subclasses give the subject and their wording."""

    title: str
    authors: str
    generated_at: datetime
    is_public: bool
    public_view: bool
    identity: Facts
    sections: list[Section] = field(default_factory=list)

    @property
    def identity_parts(self) -> list:
        return [self.identity]

    def subject_line(self, date: str) -> str:
        raise NotImplementedError

    draft_note = ""
    public_note = ""
    members_note = ""

    @property
    def header_lines(self) -> list[str]:
        """The lines under the title, the same in every format."""
        lines = [self.subject_line(formats.date_format(self.generated_at, "DATE_FORMAT"))]
        if self.authors:
            lines.append(_("Auteurs : %(authors)s") % {"authors": self.authors})
        if not self.is_public:
            lines.append(str(self.draft_note))
        note = self.public_note if self.public_view else self.members_note
        if note:
            lines.append(str(note))
        return lines


@dataclass(kw_only=True)
class MonographContent(Document):
    cooperation: object

    source_heading = gettext_lazy("D'après le dossier de la coopération")
    footer = gettext_lazy(
        "Monographie produite avec Terreau selon la grille de la recherche-action du "
        "Mouvement pour l'économie solidaire (séminaire CoConstruire l'Économie Solidaire, "
        "2019)."
    )
    draft_note = gettext_lazy("Brouillon : document de travail de la coopération, non publié.")
    public_note = gettext_lazy(
        "Version publique : seules les données publiées de la coopération figurent dans les "
        "parties tirées du dossier."
    )

    def subject_line(self, date: str) -> str:
        return _("Coopération %(name)s — état au %(date)s") % {
            "name": self.cooperation.name,
            "date": date,
        }


@dataclass(kw_only=True)
class RecitContent(Document):
    """A territory's récit: the same shape as a cooperation's monograph."""

    territory: object

    source_heading = gettext_lazy("D'après les données du territoire")
    footer = gettext_lazy(
        "Récit du territoire produit avec Terreau : tout ce qui compte ne se compte pas "
        "toujours mais se raconte (table ronde du Labo de l'ESS)."
    )
    draft_note = gettext_lazy("Brouillon : document de travail, non publié.")
    public_note = gettext_lazy(
        "Version publique : seules les données publiées des coopérations figurent dans les "
        "parties tirées des données du territoire."
    )
    members_note = gettext_lazy(
        "Version des membres : les parties tirées des données montrent aussi ce que le lecteur "
        "voit des coopérations dont il a le dossier."
    )

    def subject_line(self, date: str) -> str:
        return _("Territoire %(name)s — état au %(date)s") % {
            "name": self.territory.name,
            "date": date,
        }
