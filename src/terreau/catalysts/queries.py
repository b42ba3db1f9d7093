from terreau.catalysts.models import Catalyst
from terreau.cooperations.models import Member
from terreau.cooperations.queries import operating


def operating_where_it_catalyses(catalyst: Catalyst, cooperations) -> list:
    """The accompanied `cooperations` in which the catalyst's own structure also operates: the
    confusion source §004 warns against (`cooperations.queries.catalysts_operating`)."""
    if catalyst.actor_id is None:
        return []
    where = set(
        Member.objects.filter(actor_id=catalyst.actor_id, cooperation__in=cooperations)
        .filter(operating())
        .values_list("cooperation_id", flat=True)
    )
    return [cooperation for cooperation in cooperations if cooperation.pk in where]
