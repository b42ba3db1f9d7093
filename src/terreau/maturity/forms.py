from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from terreau.actors.forms import ActorChoiceField
from terreau.actors.models import Actor
from terreau.maturity.grids import COOPERATION, TERRITORY, grids_for, text
from terreau.maturity.models import Round
from terreau.maturity.services import closing_date_check
from terreau.territories.forms import TerritoryField, bind_user

DONT_KNOW = "nsp"


class RoundForm(forms.ModelForm):
    grid_version = forms.ChoiceField(label=_("Grille"))

    class Meta:
        model = Round
        fields = ["title", "closes_on", "grid_version", "admins_see_answers"]
        widgets = {"closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "admins_see_answers": _(
                "Annoncé aux personnes invitées avant qu'elles répondent, et non modifiable "
                "ensuite. Sinon, chacun ne voit que ses propres réponses."
            ),
            "closes_on": _("Les réponses sont acceptées jusqu'à ce jour inclus."),
        }

    scope = COOPERATION

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        grids = grids_for(self.scope)
        self.fields["grid_version"].choices = [
            (version, f"{version} — {text(grid['title'])} ({grid['published_on']})")
            for version, grid in grids.items()
        ]
        self.fields["grid_version"].help_text = _(
            "La plus récente est proposée ; un tour garde sa grille même quand une version "
            "plus récente paraît."
        )
        self.fields["closes_on"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]

    def clean_closes_on(self):
        closes_on = self.cleaned_data["closes_on"]
        try:
            closing_date_check(closes_on)
        except ValidationError as error:
            raise ValidationError(error.message_dict["closes_on"]) from error
        return closes_on


class TerritoryRoundForm(RoundForm):
    """A round on a territory: its actors assess the territory's cooperative maturity."""

    scope = TERRITORY
    territory = TerritoryField(
        label=_("Territoire"),
        required=True,
        help_text=_(
            "Commune, intercommunalité, bassin de vie, département, région ou territoire de "
            "projet : tapez un nom, un code postal ou un code INSEE, puis choisissez."
        ),
    )

    class Meta(RoundForm.Meta):
        fields = ["title", "territory", "closes_on", "grid_version", "admins_see_answers"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(self.Meta.fields)
        bind_user(self, user)


def _actor_field(user, territory):
    """The actor a person answers for: among the actors of the territory that `user` sees."""
    field = ActorChoiceField(
        label=_("Acteur du territoire (facultatif)"),
        required=False,
        help_text=_("Cherchez dans l'annuaire la structure pour laquelle la personne répond."),
    )
    field.queryset = Actor.objects.visible_to(user).in_territory(territory)
    field.widget.territory_ref = territory.ref
    return field


class InviteAccountForm(forms.Form):
    """Invite one account to a territory round, by its identifier."""

    username = forms.CharField(label=_("Identifiant du compte"), max_length=150)

    def __init__(self, *args, user, territory, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"] = _actor_field(user, territory)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        account = get_user_model().objects.filter(username=username, is_active=True).first()
        if account is None:
            raise ValidationError(
                _(
                    "Aucun compte n'a l'identifiant « %(name)s ». Vérifiez-le, ou créez un lien "
                    "personnel pour cette personne (sans compte)."
                )
                % {"name": username}
            )
        return account


class InviteAccountsForm(forms.Form):
    users = forms.ModelMultipleChoiceField(
        label=_("Comptes de la coopération"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, maturity_round: Round, **kwargs):
        super().__init__(*args, **kwargs)
        invited = maturity_round.respondents.filter(user__isnull=False).values("user")
        self.fields["users"].queryset = (
            get_user_model()
            .objects.filter(cooperation_accesses__cooperation=maturity_round.cooperation)
            .exclude(pk__in=invited)
            .order_by("username")
        )
        self.fields["users"].label_from_instance = lambda user: (
            f"{user.get_full_name()} ({user.get_username()})"
            if user.get_full_name()
            else user.get_username()
        )


class LinkForm(forms.Form):
    name = forms.CharField(
        label=_("Pour qui"),
        max_length=150,
        help_text=_("Un nom pour retrouver le lien, par exemple « Marie, épicerie solidaire »."),
    )
    email = forms.EmailField(
        label=_("Courriel (facultatif)"),
        required=False,
        help_text=_("Si vous l'indiquez, le lien lui est envoyé par courriel."),
    )


class TerritoryLinkForm(LinkForm):
    def __init__(self, *args, user, territory, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"] = _actor_field(user, territory)


def _choice_of(answer) -> str | None:
    if answer is None:
        return None
    return str(answer.level) if answer.level is not None else DONT_KNOW


class AnswerForm(forms.Form):
    """One level (or "I don't know") and one comment per dimension of the round's grid; a
    dimension left blank keeps its previous answer."""

    def __init__(self, *args, maturity_round: Round, answers: dict, disabled=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.dimensions = maturity_round.dimensions
        for dimension in self.dimensions:
            previous = answers.get(dimension.key)
            choices = [
                (str(value), f"{value}. {name} — {description}")
                for value, name, description in dimension.levels
            ]
            choices.append((DONT_KNOW, _("Je ne sais pas")))
            self.fields[f"{dimension.key}-level"] = forms.ChoiceField(
                label=dimension.title,
                help_text=dimension.question,
                choices=choices,
                widget=forms.RadioSelect,
                required=False,
                disabled=disabled,
                initial=_choice_of(previous),
            )
            self.fields[f"{dimension.key}-comment"] = forms.CharField(
                label=_("Commentaire (facultatif)"),
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=2000,
                disabled=disabled,
                initial=previous.comment if previous else "",
            )

    def clean(self):
        data = super().clean()
        for dimension in self.dimensions:
            if data.get(f"{dimension.key}-comment") and not data.get(f"{dimension.key}-level"):
                self.add_error(
                    f"{dimension.key}-level",
                    _("Choisissez un niveau ou « Je ne sais pas » pour laisser un commentaire."),
                )
        return data

    def answers(self) -> dict[str, tuple[int | None, str]]:
        """{dimension: (level or None, comment)} for the dimensions answered."""
        found = {}
        for dimension in self.dimensions:
            choice = self.cleaned_data.get(f"{dimension.key}-level")
            if choice:
                level = None if choice == DONT_KNOW else int(choice)
                found[dimension.key] = (level, self.cleaned_data[f"{dimension.key}-comment"])
        return found

    def fieldsets(self):
        """(dimension, level field, comment field), for the template."""
        return [
            (dimension, self[f"{dimension.key}-level"], self[f"{dimension.key}-comment"])
            for dimension in self.dimensions
        ]
