"""Files attached to the stories of a cooperation's journal: which types are accepted, how a type
is recognised from the file's content (its first bytes, and for office documents the parts of
their ZIP container), and where the files are stored.

Accepted: JPEG, PNG and WebP photos; PDF, OpenDocument text (ODT) and Word (DOCX) documents.
Anything else is refused, whatever its name says. The size limit is the setting
`TERREAU_ATTACHMENT_MAX_BYTES` (10 MB by default); an ODT or DOCX must also expand to no more
than `TERREAU_ZIP_MAX_BYTES` (`core.archives`: a zip bomb is refused before anything reads it).
Files are stored under `TERREAU_ATTACHMENTS_DIR` (default `$TERREAU_DATA_DIR/attachments`),
which no URL serves: only `views.journal_attachment` sends them, to those who may read the
cooperation's journal.
"""

import os
import uuid
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from terreau.core.archives import ArchiveTooLarge, check_archive


class AttachmentType(models.TextChoices):
    JPEG = "jpeg", gettext_lazy("photo JPEG")
    PNG = "png", gettext_lazy("image PNG")
    WEBP = "webp", gettext_lazy("image WebP")
    PDF = "pdf", gettext_lazy("document PDF")
    ODT = "odt", gettext_lazy("texte OpenDocument (ODT)")
    DOCX = "docx", gettext_lazy("document Word (DOCX)")

    @property
    def is_image(self) -> bool:
        return self in IMAGES

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self]


IMAGES = frozenset({AttachmentType.JPEG, AttachmentType.PNG, AttachmentType.WEBP})
CONTENT_TYPES = {
    AttachmentType.JPEG: "image/jpeg",
    AttachmentType.PNG: "image/png",
    AttachmentType.WEBP: "image/webp",
    AttachmentType.PDF: "application/pdf",
    AttachmentType.ODT: "application/vnd.oasis.opendocument.text",
    AttachmentType.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def detect_type(upload) -> AttachmentType | None:
    """The type of an uploaded file read from its content, or None when it is none of the
    accepted ones. ODT and DOCX are ZIP archives: the archive must open and hold the parts that
    make it such a document (ODT's `mimetype` entry, DOCX's `word/document.xml`). Raises
    ArchiveTooLarge for an archive that expands beyond TERREAU_ZIP_MAX_BYTES."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"\xff\xd8\xff"):
        return AttachmentType.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return AttachmentType.PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return AttachmentType.WEBP
    if head.startswith(b"%PDF-"):
        return AttachmentType.PDF
    if head.startswith(b"PK\x03\x04"):
        return _office_type(upload)
    return None


def _office_type(upload) -> AttachmentType | None:
    try:
        check_archive(upload, max_bytes=settings.TERREAU_ZIP_MAX_BYTES)
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and _head(archive, "mimetype").strip() == ODT_MIMETYPE:
                return AttachmentType.ODT
            if {"[Content_Types].xml", "word/document.xml"} <= names:
                return AttachmentType.DOCX
    except (zipfile.BadZipFile, OSError):
        return None
    finally:
        upload.seek(0)
    return None


def _head(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as member:
        return member.read(len(ODT_MIMETYPE) + 16)


def checked_type(upload) -> AttachmentType:
    """The type of the upload, or a ValidationError saying what is wrong with it."""
    limit = settings.TERREAU_ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("« %(name)s » pèse %(size)s : la limite est de %(limit)s.")
            % {
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(limit),
            }
        )
    try:
        file_type = detect_type(upload)
    except ArchiveTooLarge as error:
        raise ValidationError(
            _("Le fichier « %(name)s » : %(error)s.") % {"name": upload.name, "error": error}
        ) from error
    if file_type is None:
        raise ValidationError(
            _(
                "« %(name)s » n'est ni une photo (JPEG, PNG, WebP) ni un document (PDF, ODT, "
                "DOCX) : son contenu ne correspond à aucun de ces formats."
            )
            % {"name": upload.name}
        )
    return file_type


def stored_name(cooperation_id: int, file_type: AttachmentType) -> str:
    """A name chosen by us, never the uploader's: the extension follows the detected type."""
    return f"journal/{cooperation_id}/{uuid.uuid4().hex}.{file_type.value}"


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files under `TERREAU_ATTACHMENTS_DIR`, read at each use (tests point it elsewhere), with no
    URL: they are served only through views that check permissions."""

    @property
    def base_location(self):
        return str(settings.TERREAU_ATTACHMENTS_DIR)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Attachments have no public URL; they are served by a view.")
