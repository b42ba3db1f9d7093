"""Zip bombs for tests, written without ever holding their expansion in memory: a member of
`expanded` bytes of zeros is a deflate block of one mebibyte of zeros repeated (each block ends
with a full flush, so that every copy is the same bytes), its CRC computed chunk by chunk."""

import struct
import zipfile
import zlib
from pathlib import Path

MIB = 1024 * 1024


def _zeros_stream(head: bytes, mebibytes: int) -> tuple[bytes, bytes, bytes, int]:
    """(start, repeated block, end, crc) of a raw deflate stream of `head` then zeros."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    zeros = bytes(MIB)
    block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert block == again
    end = compressor.flush(zlib.Z_FINISH)
    crc = zlib.crc32(head)
    for _ in range(mebibytes):
        crc = zlib.crc32(zeros, crc)
    return start, block, end, crc


def write_zip_bomb(
    path: Path,
    *,
    member: str,
    mebibytes: int,
    head: bytes = b"",
    declared_size: int | None = None,
    others: dict[str, bytes] | None = None,
) -> Path:
    """A ZIP archive whose `member` is `head` followed by `mebibytes` MiB of zeros, its directory
    declaring `declared_size` (the real size unless given: a lying archive), then `others`."""
    start, block, end, crc = _zeros_stream(head, mebibytes)
    compressed = len(start) + len(block) * mebibytes + len(end)
    size = len(head) + mebibytes * MIB if declared_size is None else declared_size
    name = member.encode()
    with path.open("wb") as out:
        out.write(
            struct.pack(
                "<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, compressed, size, len(name), 0
            )
        )
        out.write(name)
        out.write(start)
        for _ in range(mebibytes):
            out.write(block)
        out.write(end)
        directory_at = out.tell()
        out.write(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0,
                8,
                0,
                0,
                crc,
                compressed,
                size,
                len(name),
                0,
                0,
                0,
                0,
                0,
                0,
            )
        )
        out.write(name)
        directory_size = out.tell() - directory_at
        out.write(
            struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, directory_size, directory_at, 0)
        )
    if others:
        with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
            for other, content in others.items():
                archive.writestr(other, content)
    return path
