"""What a person does in the browser before the steps a test is about."""

from playwright.sync_api import expect

from terreau.demo import ACCOUNTS
from tests.personas import PASSWORD


def log_in(page, username: str, password: str = PASSWORD) -> None:
    """Log in through the real form, as a person would."""
    page.goto("/comptes/connexion/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    # On a phone the button is in the folded menu: present, not shown.
    logout = page.get_by_role("button", name=f"Se déconnecter ({username})", include_hidden=True)
    expect(logout).to_be_attached()


def log_in_as_demo(page) -> None:
    """Log in with the demo's user account (`terreau demo load`)."""
    account = next(a for a in ACCOUNTS if a.role == "user")
    log_in(page, account.username, account.password)
