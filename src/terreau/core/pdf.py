"""HTML pages printed to PDF by headless Chromium (the diagnosis report, the monograph), with the
expensive part bounded: a Chromium process takes seconds and hundreds of megabytes, where
rendering the HTML takes milliseconds.

- Cache: a PDF is stored under TERREAU_PDF_CACHE_DIR, named by the SHA-256 of the HTML it was
  printed from. That HTML holds everything the PDF shows — the object, its data as this reader may
  see it, the language, the date printed on it — so the hash is the exact data version: an edit,
  another language or another reader's view is another HTML, hence another PDF, and a PDF is only
  served to someone whose page is byte for byte the one it was printed from. The directory is
  kept under TERREAU_PDF_CACHE_MAX_BYTES, the least recently served files going first.
- Concurrency: at most TERREAU_PDF_MAX_CONCURRENT Chromium processes at once on the machine,
  whatever the number of server processes (slots are files locked with `flock`, released by the
  system even when a process dies). A request that finds every slot busy for
  TERREAU_PDF_WAIT_SECONDS raises PdfBusy, which views answer with a 503 and Retry-After.
"""

import fcntl
import hashlib
import os
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

CHROMIUM_CANDIDATES = ["chromium", "chromium-browser", "google-chrome"]
PDF_TIMEOUT = 120
# Chromium processes started by this process: tests read it to tell a cached PDF from a new one.
renderings = 0


class PdfError(Exception):
    """Chromium is missing or failed: the message says what to do."""


class PdfBusy(PdfError):
    """Every rendering slot stayed busy: try again in `retry_after` seconds."""

    def __init__(self, retry_after: int):
        super().__init__(
            _(
                "Plusieurs documents PDF sont en cours de fabrication : celui-ci n'a pas pu être "
                "préparé tout de suite. Réessayez dans une minute."
            )
        )
        self.retry_after = retry_after


def pdf_from_html(html: str) -> bytes:
    """The PDF of `html`, from the cache when it was printed before, else printed by Chromium
    within a rendering slot. Raises PdfBusy when no slot frees in time, PdfError when Chromium
    is missing or fails."""
    key = pdf_key(html)
    if (cached := _cached(key)) is not None:
        return cached
    with rendering_slot():
        # Another request may have printed the same page while this one waited for its slot.
        if (cached := _cached(key)) is not None:
            return cached
        pdf = print_pdf(html)
    _store(key, pdf)
    return pdf


def pdf_key(html: str) -> str:
    """The name of the PDF of `html` in the cache: the hash of the HTML it is printed from."""
    return hashlib.sha256(html.encode()).hexdigest()


def cached_pdf(key: str) -> bytes | None:
    """The PDF printed before under `key` (`pdf_key`), None when it is not in the cache."""
    return _cached(key)


def _cache_dir() -> Path:
    return Path(settings.TERREAU_PDF_CACHE_DIR)


def _cached(key: str) -> bytes | None:
    path = _cache_dir() / f"{key}.pdf"
    try:
        data = path.read_bytes()
        os.utime(path)  # served now: the last file the cleanup removes
    except FileNotFoundError:
        return None
    return data


def _store(key: str, pdf: bytes) -> None:
    folder = _cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, suffix=".tmp", delete=False) as temporary:
        temporary.write(pdf)
    os.replace(temporary.name, folder / f"{key}.pdf")  # never a half-written file under the name
    _clean(folder)


def _clean(folder: Path) -> None:
    """Remove the least recently served PDFs until the directory is within its size cap."""
    files = []
    for path in folder.glob("*.pdf"):
        try:
            stat = path.stat()
        except FileNotFoundError:  # removed by another process meanwhile
            continue
        files.append((stat.st_mtime, stat.st_size, path))
    total = sum(size for _mtime, size, _path in files)
    for _mtime, size, path in sorted(files):
        if total <= settings.TERREAU_PDF_CACHE_MAX_BYTES:
            break
        path.unlink(missing_ok=True)
        total -= size


@contextmanager
def rendering_slot():
    """Hold one of the TERREAU_PDF_MAX_CONCURRENT slots shared by every process of the machine,
    waiting at most TERREAU_PDF_WAIT_SECONDS for one; PdfBusy otherwise."""
    folder = _cache_dir() / "slots"
    folder.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + settings.TERREAU_PDF_WAIT_SECONDS
    while True:
        for number in range(settings.TERREAU_PDF_MAX_CONCURRENT):
            handle = (folder / f"{number}.lock").open("a+b")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                continue
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
                handle.close()
            return
        if time.monotonic() >= deadline:
            raise PdfBusy(retry_after=settings.TERREAU_PDF_RETRY_AFTER)
        time.sleep(0.2)


def chromium() -> str:
    for name in CHROMIUM_CANDIDATES:
        if path := shutil.which(name):
            return path
    raise PdfError(
        _("Chromium est nécessaire pour produire le PDF : sudo apt-get install chromium")
    )


def print_pdf(html: str) -> bytes:
    """Print `html` to PDF with headless Chromium (no cache, no slot: `pdf_from_html` adds
    them)."""
    global renderings
    executable = chromium()
    renderings += 1
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "rapport.html", Path(folder) / "rapport.pdf"
        source.write_text(html, encoding="utf-8")
        command = [
            executable,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            f"--user-data-dir={folder}/profile",
            "--no-pdf-header-footer",
            f"--print-to-pdf={target}",
            source.as_uri(),
        ]
        result = subprocess.run(command, capture_output=True, timeout=PDF_TIMEOUT, check=False)
        if not target.exists():
            raise PdfError(
                _("Chromium n'a pas produit le PDF : %(error)s")
                % {"error": result.stderr.decode(errors="replace")[-300:]}
            )
        return target.read_bytes()
