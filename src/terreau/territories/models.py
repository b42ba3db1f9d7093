"""Reference geography of France and project territories.

Every territory (commune, EPCI, département, région, bassin de vie, zone d'emploi, project
territory) answers the same questions: `ref`, `level`, `name`, `communes()`, `parents()`. Code
elsewhere in the product works with that protocol and never needs to know which level it holds.
"""

from django.conf import settings
from django.db import models
from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from terreau.core.permissions import PrivateByDefaultQuerySet
from terreau.core.text import search_key


class Level(models.TextChoices):
    COMMUNE = "commune", _("Commune")
    EPCI = "epci", _("EPCI")
    DEPARTEMENT = "departement", _("Département")
    REGION = "region", _("Région")
    BASSIN = "bassin", _("Bassin de vie")
    ZONE_EMPLOI = "zone_emploi", _("Zone d'emploi")
    PROJET = "projet", _("Territoire de projet")


class TerritoryMixin:
    """What every territory offers, whatever its level."""

    level: Level

    @property
    def ref(self) -> str:
        return f"{self.level.value}:{self.code}"

    @property
    def level_label(self) -> str:
        return self.level.label

    def get_absolute_url(self) -> str:
        return reverse("territories:detail", args=[self.ref])

    def communes(self) -> models.QuerySet:
        raise NotImplementedError

    @property
    def population(self) -> int:
        return self.communes().aggregate(total=Sum("population"))["total"] or 0

    @property
    def commune_count(self) -> int:
        return self.communes().count()

    def parents(self) -> list:
        """Départements and régions that the territory's communes belong to."""
        communes = self.communes()
        departements = Departement.objects.filter(
            pk__in=communes.values("departement_id")
        ).select_related("region")
        regions = Region.objects.filter(pk__in=communes.values("region_id"))
        return [*departements, *regions]


class Area(TerritoryMixin, models.Model):
    """A territory of the reference geography, identified by its official code."""

    code = models.CharField(_("code"), max_length=9, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    search_name = models.CharField(max_length=200, db_index=True, editable=False)

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def save(self, *args, **kwargs):
        self.search_name = search_key(self.name)
        super().save(*args, **kwargs)


class Region(Area):
    level = Level.REGION

    class Meta(Area.Meta):
        verbose_name = _("région")
        verbose_name_plural = _("régions")

    def communes(self):
        return Commune.objects.current().filter(region=self)

    def parents(self):
        return []


class Departement(Area):
    level = Level.DEPARTEMENT
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departements")

    class Meta(Area.Meta):
        verbose_name = _("département")
        verbose_name_plural = _("départements")

    def communes(self):
        return Commune.objects.current().filter(departement=self)

    def parents(self):
        return [self.region]


class Epci(Area):
    """EPCI à fiscalité propre (intercommunality); `code` is its SIREN."""

    level = Level.EPCI
    kind = models.CharField(_("nature juridique"), max_length=10)

    class Meta(Area.Meta):
        verbose_name = _("EPCI")
        verbose_name_plural = _("EPCI")

    def communes(self):
        return Commune.objects.current().filter(epci=self)


class BassinVie(Area):
    level = Level.BASSIN

    class Meta(Area.Meta):
        verbose_name = _("bassin de vie")
        verbose_name_plural = _("bassins de vie")

    def communes(self):
        return Commune.objects.current().filter(bassin_vie=self)


class ZoneEmploi(Area):
    level = Level.ZONE_EMPLOI

    class Meta(Area.Meta):
        verbose_name = _("zone d'emploi")
        verbose_name_plural = _("zones d'emploi")

    def communes(self):
        return Commune.objects.current().filter(zone_emploi=self)


class CommuneQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)

    def located(self):
        return self.filter(lon__isnull=False, lat__isnull=False)


class Commune(Area):
    level = Level.COMMUNE
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    epci = models.ForeignKey(
        Epci, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    bassin_vie = models.ForeignKey(
        BassinVie, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    zone_emploi = models.ForeignKey(
        ZoneEmploi, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    postal_codes = models.CharField(_("codes postaux"), max_length=200, blank=True)
    siren = models.CharField(_("SIREN"), max_length=9, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    # A commune that left the official geography (merged into a commune nouvelle) stays here so that
    # data recorded against it is not lost; its code resolves to its successor through CommuneAlias.
    is_current = models.BooleanField(_("commune actuelle"), default=True)

    objects = CommuneQuerySet.as_manager()

    class Meta(Area.Meta):
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        indexes = [models.Index(fields=["is_current", "population"])]

    def communes(self):
        return Commune.objects.filter(pk=self.pk)

    @property
    def population_or_zero(self) -> int:
        return self.population or 0

    def parents(self):
        candidates = [self.epci, self.bassin_vie, self.zone_emploi, self.departement, self.region]
        return [parent for parent in candidates if parent is not None]


class CommuneAlias(models.Model):
    """Another code under which a current commune is known: delegated or associated commune,
    municipal arrondissement, or the code of a commune that has since merged."""

    class Kind(models.TextChoices):
        DELEGATED = "delegated", _("commune déléguée")
        ASSOCIATED = "associated", _("commune associée")
        ARRONDISSEMENT = "arrondissement", _("arrondissement municipal")
        FORMER_CODE = "former_code", _("ancien code")

    code = models.CharField(_("code"), max_length=5, db_index=True)
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("nom"), max_length=200, blank=True)
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="aliases")

    class Meta:
        verbose_name = _("autre code de commune")
        verbose_name_plural = _("autres codes de communes")
        constraints = [models.UniqueConstraint(fields=["code", "kind"], name="unique_alias")]
        ordering = ["code", "kind"]

    def __str__(self) -> str:
        return f"{self.code} → {self.commune.code}"


class ProjectTerritoryQuerySet(PrivateByDefaultQuerySet):
    owner_field = "owner"


class ProjectTerritory(TerritoryMixin, models.Model):
    """Territoire de projet: a named set of communes built by the people who act on it."""

    level = Level.PROJET
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    search_name = models.CharField(max_length=200, db_index=True, editable=False)
    description = models.TextField(_("description"), blank=True)
    # The references it was built from (e.g. ["epci:246200364", "commune:62057"]), kept so that the
    # territory can be edited the way it was made; `communes` is their union, stored for speed.
    components = models.JSONField(_("composantes"), default=list)
    communes_set = models.ManyToManyField(Commune, related_name="project_territories")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="project_territories"
    )
    is_public = models.BooleanField(_("public"), default=False)
    is_demo = models.BooleanField(_("données de démonstration"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectTerritoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("territoire de projet")
        verbose_name_plural = _("territoires de projet")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def code(self) -> str:
        return self.slug

    def communes(self):
        return self.communes_set.filter(is_current=True)

    def can_edit(self, user) -> bool:
        return user.is_authenticated and (user.is_staff or user.pk == self.owner_id)


class TerritoryFollow(models.Model):
    """A territory a person follows, by its reference (any level): Mon espace lists it. Read it
    back through `refs.resolve(..., user=...)` so that a project territory made private since
    drops out of the list."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="territory_follows"
    )
    territory_ref = models.CharField(_("territoire"), max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("territoire suivi")
        verbose_name_plural = _("territoires suivis")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "territory_ref"], name="one_follow_per_territory"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.territory_ref}"


class ReferenceDataset(models.Model):
    """Which reference file was loaded, in which version, when: the sources of every figure."""

    kind = models.CharField(_("nature"), max_length=40)
    source = models.CharField(_("source"), max_length=300)
    version = models.CharField(_("version"), max_length=60, blank=True)
    rows = models.PositiveIntegerField(_("lignes"), default=0)
    loaded_at = models.DateTimeField(_("chargé le"), auto_now=True)

    class Meta:
        verbose_name = _("jeu de données de référence")
        verbose_name_plural = _("jeux de données de référence")
        constraints = [models.UniqueConstraint(fields=["kind"], name="one_dataset_per_kind")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.source} {self.version}"


class Contour(models.Model):
    """The simplified boundary of a territory, for web maps: a GeoJSON geometry (WGS 84) as text.

    Communes, départements and régions come from contour files (`terreau geo load-contours`,
    `source` names the file). The outline of any other territory (EPCI, bassin, project…), or of
    a département or région without a file contour, is the union of its communes' contours,
    computed at its first map and kept with `communes_key`, the fingerprint of the communes it
    was made from, so that a territory whose communes change gets a new one.
    """

    level = models.CharField(_("niveau"), max_length=20, choices=Level.choices)
    code = models.CharField(_("code"), max_length=80)
    geometry = models.TextField(_("géométrie (GeoJSON)"))
    # Bounding box, for finding neighbours in SQL without a spatial database.
    west = models.FloatField()
    south = models.FloatField()
    east = models.FloatField()
    north = models.FloatField()
    source = models.CharField(_("source"), max_length=200, blank=True)
    communes_key = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("contour")
        verbose_name_plural = _("contours")
        constraints = [models.UniqueConstraint(fields=["level", "code"], name="unique_contour")]
        indexes = [models.Index(fields=["level", "west", "east"])]
        ordering = ["level", "code"]

    def __str__(self) -> str:
        return f"{self.level}:{self.code}"
