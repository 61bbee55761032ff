"""An ESC/POS reader: printed text with code pages applied, QR payloads, raster images, cuts, commands."""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image, ImageOps

ESC, GS, FS, DLE = 0x1B, 0x1D, 0x1C, 0x10

# fmt: off
# ESC t n → Python codec, Epson numbering (what python-escpos's profiles use for Epson-compatibles).
EPSON_CODE_PAGES = {
    0: "cp437", 2: "cp850", 3: "cp860", 4: "cp863", 5: "cp865", 16: "cp1252", 17: "cp866",
    18: "cp852", 19: "cp858", 40: "iso8859_15", 45: "cp1250", 46: "cp1251",
}
# Fixed-length commands: the command byte → number of argument bytes.
ESC_ARGS = {
    "@": 0, "2": 0, "<": 0, "i": 0, "m": 0, "L": 0, "S": 0,
    "!": 1, "-": 1, "3": 1, "=": 1, "?": 1, "E": 1, "G": 1, "J": 1, "M": 1, "R": 1, "T": 1, "U": 1,
    "V": 1, "a": 1, "d": 1, "e": 1, "r": 1, "t": 1, "{": 1, " ": 1, "%": 1,
    "$": 2, "\\": 2, "c": 2, "p": 3, "W": 8,
}
GS_ARGS = {
    "!": 1, "B": 1, "H": 1, "I": 1, "T": 1, "a": 1, "b": 1, "f": 1, "h": 1, "r": 1, "w": 1,
    "$": 2, "L": 2, "P": 2, "W": 2, "\\": 2,
}
FS_ARGS = {".": 0, "&": 0, "!": 1, "-": 1, "C": 1, "p": 2}
DLE_ARGS = {0x04: 1, 0x05: 1, 0x14: 3}
CUT_WITH_FEED = {65, 66, 97, 98, 103, 104}
# fmt: on


class DecodeError(ValueError):
    """Bytes that a printer would not read as intended (unknown or truncated command, bad byte)."""


@dataclass(frozen=True)
class Span:
    """A run of printed text (no line break inside) and the style it was printed in."""

    text: str
    width: int
    height: int
    bold: bool
    align: str


@dataclass
class Decoded:
    """What a printer would do with the bytes.

    Attributes:
        text: the printed text in Unicode, "\\n" for each line feed.
        lines: ``text`` split into lines, trailing blank lines dropped.
        qr: payloads of the native QR codes printed (GS ( k), in order.
        images: raster images printed (GS v 0, GS ( L), black dots on white, mode "L".
        cuts: number of paper cuts.
        commands: every command read, e.g. "ESC t 16", "GS ! 119", "GS v 0 31x248".
        spans: styled runs of text.
    """

    text: str = ""
    lines: list[str] = field(default_factory=list)
    qr: list[str] = field(default_factory=list)
    images: list[Image.Image] = field(default_factory=list)
    cuts: int = 0
    commands: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)


def _table(codec: str) -> list[str | None]:
    table: list[str | None] = []
    for byte in range(256):
        try:
            table.append(bytes([byte]).decode(codec))
        except UnicodeDecodeError:
            table.append(None)
    return table


def _raster(width_bytes: int, height: int, raster: bytes) -> Image.Image:
    """Bit 1 = a printed (black) dot; PIL's mode "1" reads bit 1 as white, hence the inversion."""
    bits = Image.frombytes("1", (width_bytes * 8, height), raster)
    return ImageOps.invert(bits.convert("L"))


class _Reader:
    def __init__(self, data: bytes, strict: bool, code_pages: dict[int, str]) -> None:
        self.data, self.strict, self.code_pages = data, strict, code_pages
        self.pos = 0
        self.out = Decoded()
        self.chars: list[str] = []
        self.span: list[str] = []
        self.stored_qr: bytes = b""
        self.stored_graphics: Image.Image | None = None
        self.reset()

    def reset(self) -> None:
        self.flush_span()
        self.table = _table("cp437")
        self.width = self.height = 1
        self.bold = False
        self.align = "left"

    # -- helpers -------------------------------------------------------------------------------
    def fail(self, message: str) -> None:
        if self.strict:
            raise DecodeError(f"offset {self.pos}: {message}")

    def take(self, count: int, what: str) -> bytes:
        if self.pos + count > len(self.data):
            raise DecodeError(f"offset {self.pos}: truncated {what} (needs {count} more bytes)")
        chunk = self.data[self.pos : self.pos + count]
        self.pos += count
        return chunk

    def flush_span(self) -> None:
        if getattr(self, "span", None):
            self.out.spans.append(Span("".join(self.span), self.width, self.height, self.bold, self.align))
            self.span = []

    def style(self, **changes: object) -> None:
        self.flush_span()
        for name, value in changes.items():
            setattr(self, name, value)

    def emit(self, char: str) -> None:
        self.chars.append(char)
        if char == "\n":
            self.flush_span()
        else:
            self.span.append(char)

    # -- commands ------------------------------------------------------------------------------
    def esc(self) -> None:
        cmd = chr(self.take(1, "ESC command")[0])
        if cmd == "*":  # column bit image: m nL nH then 1 or 3 bytes per column
            m, low, high = self.take(3, "ESC *")
            self.take((low + 256 * high) * (1 if m in (0, 1) else 3), "ESC * image data")
            self.out.commands.append(f"ESC * {m}")
            return
        if cmd not in ESC_ARGS:
            self.fail(f"unknown command ESC {cmd!r}")
            return
        args = self.take(ESC_ARGS[cmd], f"ESC {cmd}")
        self.out.commands.append(" ".join(["ESC", cmd, *map(str, args)]))
        if cmd == "@":
            self.reset()
        elif cmd == "t":
            codec = self.code_pages.get(args[0])
            if codec is None:
                self.fail(f"ESC t {args[0]}: code page not known to the decoder")
            else:
                self.table = _table(codec)
        elif cmd == "a":
            self.style(
                align={0: "left", 1: "center", 2: "right", 48: "left", 49: "center", 50: "right"}.get(
                    args[0], "left"
                )
            )
        elif cmd in "EG":
            self.style(bold=bool(args[0] & 1))
        elif cmd == "!":
            self.style(
                bold=bool(args[0] & 8), width=2 if args[0] & 0x20 else 1, height=2 if args[0] & 0x10 else 1
            )
        elif cmd == "d":
            for _ in range(args[0]):
                self.emit("\n")

    def gs(self) -> None:
        cmd = chr(self.take(1, "GS command")[0])
        if cmd == "V":
            mode = self.take(1, "GS V")[0]
            extra = self.take(1, "GS V n") if mode in CUT_WITH_FEED else b""
            self.out.cuts += 1
            self.out.commands.append(" ".join(["GS V", str(mode), *map(str, extra)]))
        elif cmd == "(":
            function = chr(self.take(1, "GS ( function")[0])
            low, high = self.take(2, f"GS ( {function} length")
            body = self.take(low + 256 * high, f"GS ( {function} data")
            self.out.commands.append(f"GS ( {function} {body[:2].decode('latin-1')}")
            if function == "k":
                self.symbol(body)
            elif function == "L":
                self.graphics(body)
        elif cmd == "v":
            head = self.take(6, "GS v 0 header")
            if head[0] != ord("0"):
                self.fail(f"unknown command GS v {chr(head[0])!r}")
            width_bytes, height = head[2] + 256 * head[3], head[4] + 256 * head[5]
            raster = self.take(width_bytes * height, "GS v 0 raster data")
            self.out.images.append(_raster(width_bytes, height, raster))
            self.out.commands.append(f"GS v 0 {width_bytes}x{height}")
        elif cmd == "k":
            kind = self.take(1, "GS k")[0]
            if kind <= 6:
                end = self.data.find(b"\0", self.pos)
                if end < 0:
                    raise DecodeError(f"offset {self.pos}: truncated GS k barcode (no NUL)")
                self.pos = end + 1
            else:
                self.take(self.take(1, "GS k length")[0], "GS k data")
            self.out.commands.append(f"GS k {kind}")
        elif cmd in GS_ARGS:
            args = self.take(GS_ARGS[cmd], f"GS {cmd}")
            self.out.commands.append(" ".join(["GS", cmd, *map(str, args)]))
            if cmd == "!":
                self.style(width=((args[0] >> 4) & 7) + 1, height=(args[0] & 7) + 1)
        else:
            self.fail(f"unknown command GS {cmd!r}")

    def symbol(self, body: bytes) -> None:
        """GS ( k: 2D codes; QR (cn = '1') function 80 stores, 81 prints."""
        if len(body) < 2:
            self.fail("GS ( k without cn and fn")
            return
        cn, fn = body[0], body[1]
        if cn != ord("1"):
            return
        if fn == 80:
            self.stored_qr = body[3:]
        elif fn == 81:
            try:
                self.out.qr.append(self.stored_qr.decode("utf-8"))
            except UnicodeDecodeError:
                self.fail("QR data is not UTF-8")
                self.out.qr.append(self.stored_qr.decode("latin-1"))

    def graphics(self, body: bytes) -> None:
        """GS ( L: fn 112 stores a raster (a bx by c xL xH yL yH data), fn 50 prints it."""
        fn = body[1] if len(body) > 1 else -1
        if fn == 112 and len(body) >= 10:
            width, height = body[6] + 256 * body[7], body[8] + 256 * body[9]
            width_bytes = (width + 7) // 8
            raster = body[10:]
            if len(raster) != width_bytes * height:
                self.fail("GS ( L raster size does not match its header")
                return
            self.stored_graphics = _raster(width_bytes, height, raster).crop((0, 0, width, height))
        elif fn == 50 and self.stored_graphics is not None:
            self.out.images.append(self.stored_graphics)

    def fixed(self, prefix: str, table: dict) -> None:
        key = self.take(1, f"{prefix} command")[0]
        lookup = chr(key) if prefix == "FS" else key
        if lookup not in table:
            self.fail(f"unknown command {prefix} {key:#04x}")
            return
        args = self.take(table[lookup], f"{prefix} {key:#04x}")
        name = {0x04: "EOT", 0x05: "ENQ", 0x14: "DC4"}.get(key, chr(key))
        self.out.commands.append(" ".join([prefix, name, *map(str, args)]))

    def run(self) -> Decoded:
        data = self.data
        while self.pos < len(data):
            byte = data[self.pos]
            self.pos += 1
            if byte == ESC:
                self.esc()
            elif byte == GS:
                self.gs()
            elif byte == FS:
                self.fixed("FS", FS_ARGS)
            elif byte == DLE:
                self.fixed("DLE", DLE_ARGS)
            elif byte in (0x0A, 0x0C):
                self.emit("\n")
            elif byte == 0x09:
                self.emit("\t")
            elif byte == 0x0D:
                continue
            elif byte < 0x20 or byte == 0x7F:
                self.pos -= 1
                self.fail(f"control byte {byte:#04x} in text")
                self.pos += 1
            else:
                char = self.table[byte]
                if char is None:
                    self.pos -= 1
                    self.fail(f"byte {byte:#04x} is not defined in the current code page")
                    self.pos += 1
                    char = "\ufffd"
                self.emit(char)
        self.flush_span()
        self.out.text = "".join(self.chars)
        lines = self.out.text.split("\n")
        while lines and not lines[-1].strip():
            lines.pop()
        self.out.lines = lines
        return self.out


def decode_escpos(data: bytes, *, strict: bool = True, code_pages: dict[int, str] | None = None) -> Decoded:
    """Read ESC/POS bytes the way a printer would.

    Pure function. The code page starts as CP437 (the power-on default) and follows ESC t.

    Args:
        data: the bytes sent to the printer.
        strict: raise on unknown commands, stray control bytes and undefined characters
            (otherwise they are skipped, and undefined characters read as U+FFFD).
        code_pages: ESC t number → Python codec, when the printer is not numbered like Epson's.

    Raises:
        DecodeError: a truncated command (always), or garbage when ``strict``.
    """
    return _Reader(bytes(data), strict, code_pages or EPSON_CODE_PAGES).run()
