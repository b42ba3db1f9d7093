"""ZIP containers read with bounded memory and time: office documents (ODT, DOCX) attached to a
story and XLSX workbooks read by imports are ZIP archives, and a small archive can expand to
gigabytes (a "zip bomb": 1 MB of compressed zeros is 1 GB once read).

Before anything reads such a file, `check_archive` refuses it when its members, as declared in
the archive's directory or as they really expand, pass a bound: a total (TERREAU_ZIP_MAX_BYTES for
attachments, TERREAU_IMPORT_ZIP_MAX_BYTES for imports) and a ratio of a member's expansion to its
compressed size (TERREAU_ZIP_MAX_RATIO). Declared sizes are only a first, cheap check: members are
then decompressed in chunks that are counted and dropped, stopping at the bound, so a lying
directory costs at most the bound in time and one chunk in memory.
"""

import zipfile

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

CHUNK = 64 * 1024
# Below this, a member's ratio is not looked at: a small, very regular part (an empty style
# sheet, the ODT `mimetype`) compresses well beyond any useful ratio and costs nothing.
RATIO_FREE_BYTES = 1024 * 1024


class ArchiveTooLarge(Exception):
    """The archive expands beyond its bound; the message says which member and by how much."""


def check_archive(file, *, max_bytes: int, max_ratio: int | None = None) -> None:
    """Raise ArchiveTooLarge when the ZIP archive `file` (a path or a binary file, left at its
    start) expands beyond `max_bytes` in all, or one of its members more than `max_ratio` times
    its compressed size; zipfile.BadZipFile when it is no ZIP archive."""
    max_ratio = settings.TERREAU_ZIP_MAX_RATIO if max_ratio is None else max_ratio
    with zipfile.ZipFile(file) as archive:
        members = archive.infolist()
        declared = 0
        for member in members:
            declared += member.file_size
            _check_member(member, member.file_size, declared, max_bytes, max_ratio)
        expanded = 0
        for member in members:
            member_bytes = 0
            with archive.open(member) as stream:
                while chunk := stream.read(CHUNK):
                    member_bytes += len(chunk)
                    expanded += len(chunk)
                    _check_member(member, member_bytes, expanded, max_bytes, max_ratio)
    if hasattr(file, "seek"):
        file.seek(0)


def _check_member(member, member_bytes: int, total: int, max_bytes: int, max_ratio: int) -> None:
    if total > max_bytes:
        raise ArchiveTooLarge(
            _(
                "archive ZIP qui se décompresse en plus de %(limit)s (la partie « %(member)s » "
                "dépasse la limite) : fichier refusé"
            )
            % {"limit": filesizeformat(max_bytes), "member": member.filename}
        )
    compressed = max(member.compress_size, 1)
    if member_bytes > RATIO_FREE_BYTES and member_bytes > max_ratio * compressed:
        raise ArchiveTooLarge(
            _(
                "la partie « %(member)s » de l'archive ZIP se décompresse plus de %(ratio)s fois "
                "sa taille compressée (%(size)s) : fichier refusé"
            )
            % {
                "member": member.filename,
                "ratio": max_ratio,
                "size": filesizeformat(member.compress_size),
            }
        )
