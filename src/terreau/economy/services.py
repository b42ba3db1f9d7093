"""Use cases of the economic model. Pages, the interchange import and the demo call these after
checking permissions (`cooperations.access.cooperation_for`)."""

from django.db import transaction

from terreau.economy.models import CENT, Contribution, Cost, Resource, UsefulEffect
from terreau.economy.taxonomies import ResourceForm


def resource_save(*, resource: Resource) -> Resource:
    """Validate (time valued as hours × hourly value, dates in order, the public category's
    funding mode) and save a resource line."""
    if resource.form == ResourceForm.TIME and resource.hours and resource.hourly_value:
        resource.amount = (resource.hours * resource.hourly_value).quantize(CENT)
    resource.full_clean()
    resource.save()
    return resource


def cost_save(*, cost: Cost) -> Cost:
    cost.full_clean()
    cost.save()
    return cost


@transaction.atomic
def useful_effect_save(*, effect: UsefulEffect, blocks=()) -> UsefulEffect:
    """Save an effect with the building blocks producing it (blocks of its own cooperation)."""
    effect.full_clean()
    effect.save()
    effect.blocks.set([b for b in blocks if b.cooperation_id == effect.cooperation_id])
    return effect


def contribution_save(*, contribution: Contribution) -> Contribution:
    """Save a third party's contribution to an effect; once paid it must point to the resource
    line, of the same cooperation and from the same third party, that records the money."""
    contribution.full_clean()
    contribution.save()
    return contribution
