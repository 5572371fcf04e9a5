"""Generated pattern images (never photos) and near-duplicate variants for photo-reuse tests."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageOps

SIZE = 256


def pattern(seed: int) -> Image.Image:
    """A deterministic abstract pattern: gradient background, rectangles, ellipses and lines."""
    rng = random.Random(seed)
    y, x = np.mgrid[0:SIZE, 0:SIZE]
    base = np.stack(
        [(x * rng.uniform(0.2, 1.0) + y * rng.uniform(0.0, 0.8) + rng.randint(0, 255)) % 256 for _ in range(3)], axis=-1
    ).astype(np.uint8)
    image = Image.fromarray(base, "RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(rng.randint(6, 14)):
        box = sorted(rng.sample(range(SIZE), 2))
        boy = sorted(rng.sample(range(SIZE), 2))
        color = tuple(rng.randint(0, 255) for _ in range(3))
        shape = rng.choice(("rect", "ellipse", "line"))
        if shape == "rect":
            draw.rectangle((box[0], boy[0], box[1], boy[1]), fill=color)
        elif shape == "ellipse":
            draw.ellipse((box[0], boy[0], box[1], boy[1]), fill=color)
        else:
            draw.line((box[0], boy[0], box[1], boy[1]), fill=color, width=rng.randint(2, 9))
    return image


def variant(image: Image.Image, name: str) -> Image.Image:
    if name == "resize":
        return image.resize((SIZE * 3 // 4, SIZE * 3 // 4))
    if name == "crop":
        m = 6  # about 2% a side: a small crop
        return image.crop((m, m, SIZE - m, SIZE - m)).resize((SIZE, SIZE))
    if name == "brightness":
        return ImageEnhance.Brightness(image).enhance(1.15)
    if name == "mirror":
        return ImageOps.mirror(image)
    return image


class ImageWriter:
    """Writes each (base, variant) image once under `directory` and returns its path."""

    VARIANTS = ("original", "reencode", "resize", "crop", "brightness", "mirror")
    STOCK = 7  # one "stock photo" that unrelated ads all use

    def __init__(self, directory: str, seed: int):
        self.dir = Path(directory)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.seed = seed

    def path(self, base: int, variant_name: str) -> str:
        ext = "jpg" if variant_name == "reencode" else "png"
        path = self.dir / f"img-{base}-{variant_name}.{ext}"
        if not path.exists():
            image = variant(pattern(base if base == self.STOCK else base ^ self.seed), variant_name)
            tmp = path.with_suffix(".tmp")
            image.save(tmp, format="JPEG" if ext == "jpg" else "PNG", quality=70)
            tmp.replace(path)
        return str(path)
