from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.forms.models import construct_instance
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from terreau.actors.forms import ActorChoiceField
from terreau.actors.models import Actor
from terreau.actors.services import actor_save
from terreau.cooperations.attachments import checked_type
from terreau.cooperations.models import (
    AccessRole,
    BuildingBlock,
    Cooperation,
    JournalEntry,
    Member,
    Relation,
)
from terreau.core.errors import DataFileError
from terreau.core.forms import KeysTextField, LifeFunctionsField
from terreau.core.jsonfile import parse_json
from terreau.core.limits import validate_import_size
from terreau.core.taxonomies import (
    ActorKind,
    CooperationModel,
    MemberRole,
    Stage,
    StoryTag,
    TerritorialIssue,
)
from terreau.territories.forms import CommuneField, TerritoryField, bind_user

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CooperationForm(forms.ModelForm):
    life_functions_list = LifeFunctionsField(label=_("Enjeux territoriaux pris en charge"))
    territory_ref = TerritoryField(
        label=_("Territoire"),
        required=True,
        help_text=_(
            "Une commune, un EPCI, un département, une région ou un territoire de projet : "
            "tapez son nom, un code postal ou un code, puis choisissez."
        ),
    )
    issues = KeysTextField(
        TerritorialIssue,
        label=_("Autres enjeux territoriaux"),
        help_text=_(
            "Au-delà des fonctions de vie : relocalisation alimentaire, réduction du gaspillage…"
        ),
    )
    models = KeysTextField(
        CooperationModel,
        label=_("Modèles"),
        help_text=_(
            "Pour une coopération modélisée : le ou les modèles auxquels elle se réfère (un PTCE "
            "peut être aussi un tiers-lieu). La SCIC est une forme juridique, pas un modèle."
        ),
    )

    class Meta:
        model = Cooperation
        fields = [
            "name",
            "aim",
            "description",
            "issues",
            "ecological_transition",
            "territory_ref",
            "cooperation_type",
            "models",
            "economic_model",
            "carrier",
            "stage",
            "legal_form",
            "started_on",
            "observatory",
        ]
        widgets = {
            "aim": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 5}),
            "started_on": DATE,
        }

    def __init__(self, *args, user=None, administrator: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        bind_user(self, user)
        if not administrator:
            # Sharing with the observatory is the administrators' decision.
            del self.fields["observatory"]
        if self.instance.pk:
            # The stage follows the journal: change it by recording a stage change there.
            del self.fields["stage"]
            self.fields["life_functions_list"].initial = self.instance.life_functions.split()
        else:
            self.fields["stage"].help_text = _(
                "L'étape évolue ensuite par le journal de la trajectoire."
            )

    def clean_territory_ref(self):
        return self.cleaned_data["territory_ref"].ref

    def clean(self):
        data = super().clean()
        if data.get("cooperation_type") == "modelled" and not data.get("models"):
            self.add_error("models", _("Une coopération modélisée indique au moins un modèle."))
        if data.get("cooperation_type") not in (None, "modelled") and data.get("models"):
            self.add_error("models", _("Seule une coopération modélisée se réfère à des modèles."))
        return data


class NewActorMixin(forms.Form):
    """Choose an actor of the directory, or create one on the fly (a collective with no SIRET
    is fine): it is then private to its author until made public."""

    new_actor_name = forms.CharField(label=_("Ou nouvel acteur : nom"), required=False)
    new_actor_kind = forms.ChoiceField(
        label=_("Type du nouvel acteur"),
        required=False,
        choices=[("", "—"), *ActorKind.choices],
    )
    new_actor_commune = CommuneField(label=_("Commune du nouvel acteur"))

    def chosen_or_new_actor(self, field: str, *, by) -> Actor:
        """The actor chosen in `field`, or the new one described, created now."""
        data = self.cleaned_data
        if data.get(field):
            return data[field]
        actor = Actor(
            name=data["new_actor_name"],
            kind=data["new_actor_kind"],
            commune=data.get("new_actor_commune"),
            is_public=False,
        )
        return actor_save(actor=actor, by=by, changed={})

    def clean_chosen_or_new(self, field: str) -> None:
        data = self.cleaned_data
        if data.get(field) or self.has_error(field):
            return
        if not data.get("new_actor_name"):
            self.add_error(field, _("Choisissez un acteur ou créez-en un."))
        elif not data.get("new_actor_kind"):
            self.add_error("new_actor_kind", _("Indiquez le type du nouvel acteur."))


class MemberForm(NewActorMixin, forms.ModelForm):
    actor = ActorChoiceField(label=_("Acteur"), required=False)
    roles_list = forms.MultipleChoiceField(
        label=_("Rôles"), choices=MemberRole.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Member
        fields = ["actor", "joined_on", "left_on", "note", "is_public"]
        widgets = {"joined_on": DATE, "left_on": DATE}

    field_order = ["actor", "new_actor_name", "new_actor_kind", "new_actor_commune", "roles_list"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = Actor.objects.visible_to(user)
        if self.instance.pk:
            for name in ["actor", "new_actor_name", "new_actor_kind", "new_actor_commune"]:
                del self.fields[name]
            self.fields["roles_list"].initial = self.instance.roles.split()

    def clean(self):
        data = super().clean()
        if "actor" in self.fields:
            self.clean_chosen_or_new("actor")
            actor = data.get("actor")
            cooperation = self.instance.cooperation
            if actor and cooperation.members.filter(actor=actor).exists():
                self.add_error("actor", _("Cet acteur est déjà membre de la coopération."))
        left, joined = data.get("left_on"), data.get("joined_on")
        if left and joined and left < joined:
            self.add_error("left_on", _("Le départ suit l'arrivée."))
        return data

    def _post_clean(self):
        # The actor may be created on the fly once the form is valid; the service validates the
        # whole member then.
        construct_instance(self, self.instance, exclude=["actor"])


class BlockForm(forms.ModelForm):
    life_functions_list = LifeFunctionsField(label=_("Enjeux servis"))
    operators = forms.ModelMultipleChoiceField(
        label=_("Opérateurs"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = BuildingBlock
        fields = ["name", "description", "status", "started_on", "ended_on"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "started_on": DATE,
            "ended_on": DATE,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        members = self.instance.cooperation.members.select_related("actor")
        self.fields["operators"].queryset = members
        self.fields["operators"].label_from_instance = lambda member: member.actor.name
        if self.instance.pk:
            self.fields["life_functions_list"].initial = self.instance.life_functions.split()
            self.fields["operators"].initial = list(self.instance.operators.all())


class RelationForm(NewActorMixin, forms.ModelForm):
    """A relation between two actors; inside a cooperation the first one is a member."""

    source = forms.ModelChoiceField(label=_("De l'acteur"), queryset=Actor.objects.none())
    target = ActorChoiceField(label=_("Vers l'acteur"), required=False)
    direction = forms.ChoiceField(
        label=_("Sens"),
        choices=[
            ("", _("Selon la nature (financement, mise à disposition, adhésion : orientée)")),
            ("directed", _("Orientée, du premier acteur vers le second")),
            ("mutual", _("Réciproque")),
        ],
        required=False,
    )

    class Meta:
        model = Relation
        fields = ["source", "kind", "target", "started_on", "ended_on", "amount", "note"]
        widgets = {"started_on": DATE, "ended_on": DATE}

    field_order = ["source", "kind", "target", "new_actor_name", "new_actor_kind"]

    def __init__(self, *args, user=None, sources=None, **kwargs):
        super().__init__(*args, **kwargs)
        visible = Actor.objects.visible_to(user)
        self.fields["source"].queryset = sources if sources is not None else visible
        self.fields["target"].queryset = visible
        if sources is not None:
            self.fields["target"].widget.offered = sources  # the members, before any search
        if sources is None:
            # Outside a cooperation the first actor is fixed by the page (the actor's page).
            self.fields["source"].widget = forms.HiddenInput()
            self.fields["is_public"] = forms.BooleanField(
                label=_("Visible par tous"), required=False
            )

    @property
    def directed(self) -> bool | None:
        return {"directed": True, "mutual": False}.get(self.cleaned_data.get("direction"))

    def clean(self):
        data = super().clean()
        self.clean_chosen_or_new("target")
        if data.get("source") and data.get("source") == data.get("target"):
            self.add_error("target", _("Une relation relie deux acteurs différents."))
        started, ended = data.get("started_on"), data.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", _("La fin suit le début."))
        return data

    def _post_clean(self):
        # The target may be created on the fly; `relation_save` validates the whole relation.
        construct_instance(self, self.instance, exclude=["target"])


class JournalEntryForm(forms.ModelForm):
    tag_list = forms.MultipleChoiceField(
        label=_("Étiquettes du récit"),
        choices=StoryTag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Membres concernés"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    blocks = forms.ModelMultipleChoiceField(
        label=_("Briques concernées"),
        queryset=BuildingBlock.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    attachment = forms.FileField(
        label=_("Ajouter une photo ou un document"),
        required=False,
    )
    attachment_description = forms.CharField(
        label=_("Description de la pièce jointe"),
        max_length=300,
        required=False,
        help_text=_("Ce que montre la photo, pour les personnes qui ne la voient pas."),
    )

    field_order = [
        "happened_on",
        "kind",
        "stage",
        "title",
        "text",
        "regulation",
        "tag_list",
        "members",
        "people",
        "blocks",
        "attachment",
        "attachment_description",
    ]

    class Meta:
        model = JournalEntry
        fields = ["happened_on", "kind", "stage", "title", "text", "regulation", "people"]
        widgets = {
            "happened_on": DATE,
            "text": forms.Textarea(attrs={"rows": 6}),
            "regulation": forms.Textarea(attrs={"rows": 2}),
            "people": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "stage": _("Pour un changement d'étape : l'étape atteinte."),
            "regulation": _("Pour une difficulté ou une friction : comment elle a été régulée."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cooperation = self.instance.cooperation
        self.fields["members"].queryset = cooperation.members.select_related("actor")
        self.fields["members"].label_from_instance = lambda member: member.actor.name
        self.fields["blocks"].queryset = cooperation.blocks.all()
        self.fields["stage"].choices = [("", "—"), *Stage.choices]
        self.fields["tag_list"].initial = self.instance.tags.split()
        limit = filesizeformat(settings.TERREAU_ATTACHMENT_MAX_BYTES)
        self.fields["attachment"].help_text = _(
            "Photo JPEG, PNG ou WebP ; document PDF, ODT ou DOCX ; %(limit)s au plus."
        ) % {"limit": limit}

    def clean_attachment(self):
        upload = self.cleaned_data["attachment"]
        if upload:
            checked_type(upload)
        return upload

    def clean(self):
        data = super().clean()
        if data.get("kind") == JournalEntry.Kind.STAGE_CHANGE and not data.get("stage"):
            self.add_error("stage", _("Indiquez l'étape atteinte."))
        return data


class QuoteForm(forms.Form):
    """One quote of a story: both what was said and who said it, or neither."""

    text = forms.CharField(
        label=_("Citation"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    speaker = forms.CharField(label=_("Qui l'a dit"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        text, speaker = data.get("text", "").strip(), data.get("speaker", "").strip()
        if text and not speaker:
            self.add_error("speaker", _("Indiquez qui l'a dit."))
        if speaker and not text:
            self.add_error("text", _("Écrivez la citation, ou effacez le nom."))
        return data


QuoteFormSet = forms.formset_factory(QuoteForm, extra=2)


def quote_pairs(formset) -> list[tuple[str, str]]:
    """The filled quotes of a valid formset, in order, as `(text, speaker)`."""
    pairs = []
    for form in formset:
        text = form.cleaned_data.get("text", "").strip()
        if text:
            pairs.append((text, form.cleaned_data["speaker"].strip()))
    return pairs


class AccessForm(forms.Form):
    username = forms.CharField(label=_("Identifiant du compte"))
    role = forms.ChoiceField(label=_("Rôle"), choices=AccessRole.choices)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise ValidationError(_("Aucun compte « %(name)s ».") % {"name": username})
        return user


class PublishForm(forms.Form):
    public = forms.BooleanField(label=_("Publier la fiche de la coopération"), required=False)
    public_members = forms.ModelMultipleChoiceField(
        label=_("Membres montrés sur la fiche publiée"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, cooperation, **kwargs):
        super().__init__(*args, **kwargs)
        members = cooperation.members.select_related("actor")
        self.fields["public_members"].queryset = members
        self.fields["public_members"].label_from_instance = lambda member: member.actor.name
        self.fields["public"].initial = cooperation.is_public
        self.fields["public_members"].initial = [m for m in members if m.is_public]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Document JSON d'une coopération"),
        help_text=_(
            "Le format d'échange de Terreau, tel que l'export d'une coopération le produit."
        ),
    )
    slug = forms.SlugField(
        label=_("Identifiant à utiliser"),
        required=False,
        help_text=_("Seulement si l'identifiant du document est déjà pris sur cette plateforme."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_import_size(upload)
        try:
            self.cleaned_data["document"] = parse_json(upload.read(), name=upload.name)
        except DataFileError as error:
            raise ValidationError(str(error)) from error
        return upload
