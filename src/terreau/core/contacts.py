"""How people reach the operators of an installation (TERREAU_ADMIN_CONTACTS)."""


def contact_href(contact: str) -> str:
    """A link to reach an administrator listed in TERREAU_ADMIN_CONTACTS: a web address as is, an
    e-mail address as mailto:, anything else (a phone number) as plain text."""
    if contact.startswith(("https://", "http://")):
        return contact
    if "@" in contact:
        return f"mailto:{contact}"
    return ""
