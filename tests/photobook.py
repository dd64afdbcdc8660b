"""A photo book made with Pillow: every kind of image a memoir brings, for tests and the bench.

``make_photo_book(root)`` writes book.toml, content/ and the photos: a phone photo lying on its
side with an EXIF orientation tag (and GPS), a CMYK scan, a 6000 × 4000 camera file, an RGBA
PNG, a panorama, a passport-size scan; ``add_bad_images`` adds a decompression bomb and a
truncated JPEG. Pictures are noise over gradients, which compress about as badly as photos.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from PIL import Image, ImageDraw

TEXT = ("Vi flyttade till huset vid hamnen en vår när isen just hade gått upp, och mor stod på "
        "bryggan varje morgon och såg efter båtarna som kom in med natten. ")
RED = (220, 30, 30)


def photo(size: tuple[int, int], seed: int = 0, mode: str = "RGB") -> Image.Image:
    """A photo-like picture: a gradient with grain (costly to compress, like a real photo)."""
    width, height = size
    base = Image.linear_gradient("L").resize(size).convert("RGB")
    noise = Image.effect_noise(size, 40 + seed).convert("RGB")
    tint = Image.new("RGB", size, (60 + 20 * seed % 190, 120, 170))
    picture = Image.blend(Image.blend(base, tint, 0.45), noise, 0.25)
    return picture.convert(mode) if mode != "RGB" else picture


def phone_photo_on_its_side() -> tuple[Image.Image, Image.Exif]:
    """Stored landscape 1600 × 1200 with a red block at the stored top-left; EXIF says
    "rotate 90° clockwise to show" (orientation 6): upright it is portrait 1200 × 1600 with
    the red block at the top-right."""
    image = photo((1600, 1200), 1)
    ImageDraw.Draw(image).rectangle((0, 0, 199, 199), fill=RED)
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "Telefon"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (59.0, 19.0, 48.0)  # GPSLatitudeRef, GPSLatitude
    return image, exif


def bomb_png() -> bytes:
    """A PNG that says it is 40 000 × 40 000 pixels (1.6 gigapixels) in 100 bytes."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", 40_000, 40_000, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 1000)) + chunk(b"IEND", b""))


def write_photos(content: Path) -> None:
    image, exif = phone_photo_on_its_side()
    image.save(content / "telefon.jpg", quality=90, exif=exif)
    photo((2400, 1600), 2, "CMYK").save(content / "skanning-cmyk.jpg", quality=90)
    photo((6000, 4000), 3).save(content / "kamera.jpg", quality=88)
    rgba = photo((1200, 900), 4, "RGBA")
    ImageDraw.Draw(rgba).rectangle((0, 0, 599, 899), fill=(0, 0, 0, 0))
    rgba.save(content / "genomskinlig.png")
    photo((8000, 1400), 5).save(content / "panorama.jpg", quality=88)
    photo((240, 320), 6).save(content / "passfoto.jpg", quality=90)


CHAPTER = """---
title: Bilderna
---

{text}

![Mor på bryggan, fotograferad med telefon](telefon.jpg "Mor på bryggan"){{width=50%}}

{text}

![Huset, en gammal skanning](skanning-cmyk.jpg "Huset vid hamnen"){{credit="Foto: Sven Berg"}}

{text}

![Fars porträtt](passfoto.jpg "Far 1952"){{.float-left}}

{text} {text}

![Hela hamnen från berget](panorama.jpg "Hamnen")

{text} {text}

![Båten vid kajen](kamera.jpg "Båten"){{.full-page credit="Foto: Anna"}}

{text} {text} {text}

![Logotypen](genomskinlig.png){{.float-right width=30%}}

{text} En liten bild ![ankare](passfoto.jpg){{width=6mm}} i texten. {text}

![Hela hamnen från berget, igen](panorama.jpg "Hamnen igen")

{text}
"""


def make_photo_book(root: Path, text_repeats: int = 4) -> Path:
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    (root / "book.toml").write_text('[book]\ntitle = "Bilder från hamnen"\nauthors = ["Anna"]\n'
                                    'language = "sv"\ndate = "2024"\n', encoding="utf-8")
    write_photos(content)
    (content / "01-bilder.md").write_text(CHAPTER.format(text=TEXT * text_repeats),
                                          encoding="utf-8")
    return root


def add_bad_images(root: Path) -> None:
    """A bomb, a truncated JPEG and an image without alt text, in a chapter of their own."""
    content = root / "content"
    (content / "bomb.png").write_bytes(bomb_png())
    whole = (content / "kamera.jpg").read_bytes()
    (content / "halv.jpg").write_bytes(whole[: len(whole) // 2])
    (content / "02-fel.md").write_text(
        "---\ntitle: Fel\n---\n\nText.\n\n![Bomben](bomb.png)\n\nMer text.\n\n"
        "![Halv bild](halv.jpg)\n\n![](passfoto.jpg)\n", encoding="utf-8")
