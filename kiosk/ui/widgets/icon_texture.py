"""Pictogram textures at the size they are shown, shared by the buttons that show them.

The pictograms are drawn at 256 × 256 (assets/pictograms), enough for a home tile on a large screen. Given
as a file to a Kivy Image, each became a 256 × 256 texture (256 KiB of pixels, about twice that in
memory with Mesa, GPU memory on the Pi) even on a button that shows it 52 pixels wide, and the GPU
shrank it without mipmaps, which makes thin strokes shimmer. Here Pillow (already loaded by Kivy's image
provider) shrinks the file once to the size shown, with a Lanczos filter that keeps thin strokes and
handles transparency, and buttons showing the same pictogram at the same size share the texture. The
cache is weak: a texture lives as long as a button shows it.

Thread-safety: textures are GL objects; main thread only.
"""

from __future__ import annotations

import logging
import weakref

from kivy.graphics.texture import Texture
from PIL import Image as PILImage

log = logging.getLogger(__name__)

_shared: weakref.WeakValueDictionary[tuple[str, int], Texture] = weakref.WeakValueDictionary()


def icon_texture(path: str, side: float) -> Texture | None:
    """The picture at ``path`` shrunk to fit ``side`` × ``side`` pixels (never enlarged; the Image widget
    scales a smaller file up), or None when the file cannot be read (logged: the button shows its words
    alone, as it does for a pictogram that is missing)."""
    key = (path, max(1, round(side)))
    texture = _shared.get(key)
    if texture is not None:
        return texture
    try:
        with PILImage.open(path) as picture:
            rgba = picture.convert("RGBA")
    except (OSError, ValueError):
        log.warning("pictogram unreadable: %s", path, exc_info=True)
        return None
    rgba.thumbnail((key[1], key[1]), PILImage.Resampling.LANCZOS)
    texture = Texture.create(size=rgba.size, colorfmt="rgba")
    texture.blit_buffer(
        rgba.transpose(PILImage.Transpose.FLIP_TOP_BOTTOM).tobytes(), colorfmt="rgba", bufferfmt="ubyte"
    )
    _shared[key] = texture
    return texture
