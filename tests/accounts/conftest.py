import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """These tests try passwords by the dozen; a fast hasher (Django's advice for tests) keeps
    them quick. Throttling counts attempts, whatever the hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
