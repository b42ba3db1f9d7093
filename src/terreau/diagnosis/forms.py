from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from terreau.actors.models import Actor, life_functions_text
from terreau.cooperations.models import Cooperation
from terreau.core.forms import LifeFunctionsField
from terreau.diagnosis.models import Need, Note
from terreau.diagnosis.needs import linkable_actors

NEED_PREFIX = "need"
NEED_ACTORS = f"{NEED_PREFIX}-actors"  # the name of the actor boxes, in the form and its search


class ActorPicker(forms.Widget):
    """The actors chosen so far as ticked boxes, and a search field whose suggestions (htmx) add
    boxes to tick: a territory may hold 100,000 actors, so they are never all listed."""

    template_name = "diagnosis/widgets/actor_picker.html"
    search_url = ""
    queryset = Actor.objects.none()

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return False  # like checkboxes: nothing ticked means no actor

    def format_value(self, value):
        return [str(v) for v in value or []]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        ids = [v for v in context["widget"]["value"] if v.isdigit()]
        chosen = self.queryset.filter(pk__in=ids).select_related("commune") if ids else []
        context.update(choices=[(actor, True) for actor in chosen], search_url=self.search_url)
        return context


class NeedForm(forms.ModelForm):
    life_functions_list = LifeFunctionsField(label=_("Fonctions de vie"))
    actors = forms.ModelMultipleChoiceField(
        label=_("Acteurs concernés"),
        queryset=Actor.objects.none(),
        required=False,
        widget=ActorPicker,
        help_text=_(
            "Cherchez un acteur du territoire par son nom, son SIRET ou son numéro RNA, puis "
            "cochez-le."
        ),
        error_messages={
            "invalid_choice": _(
                "L'acteur n° %(value)s n'est pas un acteur de ce territoire que vous pouvez voir."
            ),
            "invalid_pk_value": _("« %(pk)s » n'est pas un numéro d'acteur."),
        },
    )

    cooperations = forms.ModelMultipleChoiceField(
        label=_("Coopérations concernées"),
        queryset=Cooperation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Les coopérations du territoire qui prennent ce besoin en charge."),
    )

    class Meta:
        model = Need
        fields = [
            "title",
            "description",
            "voiced_by",
            "channel",
            "voiced_on",
            "priority",
            "status",
            "actors",
            "cooperations",
            "is_public",
        ]
        widgets = {
            "voiced_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, territory, user, **kwargs):
        super().__init__(*args, prefix=NEED_PREFIX, **kwargs)
        actors = linkable_actors(territory, user=user)
        self.fields["actors"].queryset = actors
        self.fields["actors"].widget.queryset = actors
        self.fields["actors"].widget.search_url = reverse(
            "diagnosis:need_actors", args=[territory.ref]
        )
        self.fields["cooperations"].queryset = Cooperation.objects.visible_to(user).in_territory(
            territory
        )
        if not self.fields["cooperations"].queryset.exists():
            del self.fields["cooperations"]

    def save(self, commit=True):
        self.instance.life_functions = life_functions_text(self.cleaned_data["life_functions_list"])
        return super().save(commit)


class NoteForm(forms.ModelForm):
    class Meta:
        model = Note
        fields = ["kind", "text", "observed_on", "is_public"]
        widgets = {
            "observed_on": forms.DateInput(attrs={"type": "date"}),
            "text": forms.Textarea(attrs={"rows": 3}),
        }
