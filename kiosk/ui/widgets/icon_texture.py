"""Pictogram textures at the size they are shown, shared by the buttons that show them.

The pictograms are drawn at 256 × 256 (assets/pictograms), enough for a home tile on a large screen. Given
as a file to a Kivy Image, each became a 256 × 256 texture (256 KiB of pixels, about twice that in
memory with Mesa, GPU memory on the Pi) even on a button that shows it 52 pixels wide, and the GPU
shrank it without mipmaps, which makes thin strokes shimmer. Here Kivy's loader decodes the file as before
and Pillow (already loaded by Kivy's image provider) shrinks it once to the size shown, with a Lanczos
filter that keeps thin strokes and handles transparency; buttons showing the same pictogram at the same
size share the texture. The cache is weak: a texture lives as long as a button shows it.

Thread-safety: textures are GL objects; main thread only.
"""

from __future__ import annotations

import logging
import weakref

from kivy.core.image import ImageLoader
from kivy.graphics.texture import Texture
from PIL import Image as PILImage

log = logging.getLogger(__name__)

_BYTES_PER_PIXEL = {"rgba": 4, "rgb": 3}
_shared: weakref.WeakValueDictionary[tuple[str, int], Texture] = weakref.WeakValueDictionary()


def icon_texture(path: str, side: float) -> Texture | None:
    """The picture at ``path`` shrunk to fit ``side`` × ``side`` pixels (never enlarged; the Image widget
    scales a smaller file up), or None when the file cannot be read (logged: the button shows its words
    alone, as it does for a pictogram that is missing)."""
    key = (path, max(1, round(side)))
    texture = _shared.get(key)
    if texture is not None:
        return texture
    picture = _decoded(path)
    if picture is None:
        return None
    picture.thumbnail((key[1], key[1]), PILImage.Resampling.LANCZOS)
    texture = Texture.create(size=picture.size, colorfmt="rgba")
    texture.blit_buffer(picture.tobytes(), colorfmt="rgba", bufferfmt="ubyte")
    texture.flip_vertical()  # the rows come top first, as in the file
    _shared[key] = texture
    return texture


def _decoded(path: str) -> PILImage.Image | None:
    """The file's pixels as an RGBA Pillow image, decoded by Kivy's image loader (SDL2_image: 0.5 ms for a
    pictogram, where Pillow's first ``Image.open`` registers its file plugins for 10 ms, on the way to the
    first frame). Kivy keeps the decoded rows in its loader's ``_data`` (as its own ``read_pixel`` reads
    them); anything unexpected there is read by Pillow instead."""
    try:
        loaded = ImageLoader.load(path, keep_data=True, nocache=True)
        rows = loaded._data[0]  # noqa: SLF001 (Kivy's ImageData, see above)
        depth = _BYTES_PER_PIXEL.get(rows.fmt, 0)
        # Packed rows (``rowlength`` counts bytes: SDL2's pitch, 0 when unknown), top row first (the
        # ``flip_vertical`` Kivy applies on upload), as Pillow lays them out.
        row_bytes = rows.width * depth
        packed = rows.rowlength in (0, row_bytes) and len(rows.data) == row_bytes * rows.height
        if depth and packed and rows.flip_vertical:
            mode = rows.fmt.upper()
            return PILImage.frombytes(mode, (rows.width, rows.height), rows.data).convert("RGBA")
    except Exception:  # noqa: BLE001 (any loader failure: Pillow says whether the file is readable)
        log.debug("Kivy could not decode %s; trying Pillow", path, exc_info=True)
    try:
        with PILImage.open(path) as picture:
            return picture.convert("RGBA")
    except (OSError, ValueError):
        log.warning("pictogram unreadable: %s", path, exc_info=True)
        return None
