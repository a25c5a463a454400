"""Photos made on the fly for tests: with EXIF time, GPS and software tag when asked."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image


def photo_bytes(
    fmt: str = "JPEG",
    size: tuple[int, int] = (64, 48),
    color: tuple[int, int, int] = (40, 120, 200),
    exif: bool = True,
    gps: tuple[tuple[float, float, float], tuple[float, float, float]] = (
        (30.0, 35.0, 24.0),
        (114.0, 18.0, 0.0),
    ),
) -> bytes:
    image = Image.new("RGB", size, color)
    for x in range(0, size[0], 8):  # some structure, so perceptual hashes differ
        for y in range(size[1]):
            image.putpixel((x, y), (255 - color[0], 255 - color[1], 255 - color[2]))
    buffer = io.BytesIO()
    if exif and fmt == "JPEG":
        data = Image.Exif()
        data[0x0131] = "PhotoEditor 9.1"
        data.get_ifd(0x8769)[0x9003] = "2026:10:30 14:05:09"
        gps_ifd = data.get_ifd(0x8825)
        gps_ifd[1], gps_ifd[2] = "N", gps[0]
        gps_ifd[3], gps_ifd[4] = "E", gps[1]
        image.save(buffer, format=fmt, exif=data)
    else:
        image.save(buffer, format=fmt)
    return buffer.getvalue()


def bomb_png(edge: int = 30_000) -> bytes:
    """A PNG that claims edge × edge pixels (900 million by default): Pillow refuses to open it
    as a decompression bomb. Its few bytes of image data are never reached."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", edge, edge, 8, 0, 0, 0, 0)  # 8-bit greyscale
    rows = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )
