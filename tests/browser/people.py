"""What a person does in the browser before the steps a test is about."""

from playwright.sync_api import expect

from tests.personas import PASSWORD


def log_in(page, username: str) -> None:
    """Log in through the real form, as a person would."""
    page.goto("/comptes/connexion/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    # On a phone the button is in the folded menu: present, not shown.
    logout = page.get_by_role("button", name=f"Se déconnecter ({username})", include_hidden=True)
    expect(logout).to_be_attached()
