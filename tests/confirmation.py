"""The field the confirmation page posts: a test deleting something sends it, as a person would by
pressing "Supprimer définitivement"."""

from terreau.core.confirmation import CONFIRM_FIELD, CONFIRM_VALUE

CONFIRM = {CONFIRM_FIELD: CONFIRM_VALUE}
