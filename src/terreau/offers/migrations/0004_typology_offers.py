"""Offers follow the typology of the sources (issue 18, §002).

- `both_kinds`: an offer may support and finance at once (France Active, the Fonds d'impulsion
  jurassien, the Fondation de France). Existing offers keep their one kind (False).
- `creates_legal_form`: the legal form an offer helps create. The SCIC is a legal form, not a
  cooperation model: an offer whose models named "scic" now helps create a SCIC
  (`creates_legal_form = "scic"`) and "scic" leaves its models. "cae" (pooling of means, not a
  model) leaves them too. An offer whose models were only SCIC and/or CAE no longer states the
  models it targets (NULL, "unknown"), as an offer that does not say.
The reverse migration puts "scic" back among the models of the offers that help create a SCIC.
"""

from django.db import migrations, models

REMOVED = {"scic", "cae"}


def scic_is_a_legal_form(apps, schema_editor):
    Offer = apps.get_model("offers", "Offer")
    changed = Offer.objects.filter(
        models.Q(cooperation_models__contains=" scic ")
        | models.Q(cooperation_models__contains=" cae ")
    )
    for offer in changed.iterator():
        keys = offer.cooperation_models.split()
        if "scic" in keys:
            offer.creates_legal_form = "scic"
        kept = [key for key in keys if key not in REMOVED]
        offer.cooperation_models = f" {' '.join(kept)} " if kept else None
        offer.save(update_fields=["cooperation_models", "creates_legal_form"])


def scic_back_among_models(apps, schema_editor):
    Offer = apps.get_model("offers", "Offer")
    for offer in Offer.objects.filter(creates_legal_form="scic").iterator():
        keys = (offer.cooperation_models or "").split()
        offer.cooperation_models = f" {' '.join([*keys, 'scic'])} "
        offer.save(update_fields=["cooperation_models"])


class Migration(migrations.Migration):

    dependencies = [
        ('offers', '0003_subscriptions_notifications'),
    ]

    operations = [
        migrations.AddField(
            model_name='offer',
            name='both_kinds',
            field=models.BooleanField(default=False, help_text="L'offre accompagne et finance à la fois, quelle que soit sa nature principale.", verbose_name='accompagne et finance'),
        ),
        migrations.AddField(
            model_name='offer',
            name='creates_legal_form',
            field=models.CharField(blank=True, choices=[('informal', 'Collectif informel'), ('agreement', 'Convention entre partenaires (sans structure propre)'), ('association', 'Association'), ('scic', 'SCIC'), ('scop', 'SCOP'), ('cooperative', 'Autre coopérative'), ('company', 'Société commerciale (SAS, SARL…)'), ('gip', "Groupement d'intérêt public (GIP)"), ('gie', "Groupement d'intérêt économique (GIE)"), ('public', 'Structure publique (régie, SPL, SEM…)'), ('other', 'Autre')], max_length=20, verbose_name="forme juridique que l'offre aide à créer"),
        ),
        migrations.RunPython(scic_is_a_legal_form, scic_back_among_models),
    ]
