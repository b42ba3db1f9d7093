"""The Content-Security-Policy (settings.CONTENT_SECURITY_POLICY, served by django-csp) allows no
inline style. A self-contained document — a report that is also printed to PDF or saved as one
file, so it carries its stylesheet in a <style> element — is served with those elements allowed
by their hash, and nothing else inline."""

import base64
import hashlib
import re

from csp.decorators import csp_update
from django.http import HttpResponse

STYLE_ELEMENT = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def self_contained_html(html: str) -> HttpResponse:
    """An HTML response whose own <style> elements the policy allows (by SHA-256)."""
    hashes = [source_hash(css) for css in STYLE_ELEMENT.findall(html)]
    response = HttpResponse(html)
    if not hashes:
        return response
    return csp_update({"style-src": hashes})(lambda: response)()


def source_hash(text: str) -> str:
    """A CSP source expression allowing an inline element with exactly this text."""
    return f"'sha256-{base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()}'"
