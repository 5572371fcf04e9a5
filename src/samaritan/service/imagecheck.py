"""Images a client sends are checked from their header before anything is decoded: the format
must be one we allow (JPEG, PNG, GIF, WebP) and the pixel count within a budget. Decoding, and
so hashing, only happens for images that pass, and never under the store's write lock.

The pixel budget is what bounds decode time and memory: a 12000x12000 PNG of 165 KB would
otherwise take seconds and gigabytes. Pillow's own bomb limit is lowered to the same budget, so
any decode elsewhere in the process refuses such an image too.
"""

from __future__ import annotations

import io
import threading
import warnings
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from samaritan.link import photos

FORMATS = ("JPEG", "PNG", "GIF", "WEBP")
MAX_PIXELS = 24_000_000  # 6000x4000, a large camera photo
MAX_SIDE = 16_384
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
# A decode at the budget costs about 1.5 s of CPU: at most two run at once, so image uploads
# cannot take every core from screening.
_DECODES = threading.BoundedSemaphore(2)


class ImageRefused(ValueError):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code = status, code


@dataclass(frozen=True)
class ImageInfo:
    format: str
    width: int
    height: int

    @property
    def media_type(self) -> str:
        return Image.MIME.get(self.format, "application/octet-stream")


def inspect(data: bytes, max_pixels: int = MAX_PIXELS) -> ImageInfo:
    """Read only the header; refuse what is not an allowed image or is too large to decode."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=FORMATS) as image:  # lazy: the header only
                fmt, (width, height) = image.format or "", image.size
    except Image.DecompressionBombError as exc:
        raise ImageRefused(413, "image_too_large", f"the image is over the {max_pixels}-pixel budget") from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise ImageRefused(
            415, "not_an_image", f"the body is not an image in an allowed format ({', '.join(FORMATS)})"
        ) from exc
    if width <= 0 or height <= 0 or width > MAX_SIDE or height > MAX_SIDE or width * height > max_pixels:
        raise ImageRefused(413, "image_too_large", f"the image is over the {max_pixels}-pixel budget")
    return ImageInfo(fmt, width, height)


def hash_checked(data: bytes) -> tuple[str, list[int], int] | None:
    """The perceptual hashes of an image that passes `inspect`; None for anything else."""
    try:
        inspect(data)
    except ImageRefused:
        return None
    with _DECODES, warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        return photos.hash_bytes(data)
