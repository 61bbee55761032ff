"""Pure domain logic: no Kivy, escpos, HTTP or SQL here (tests/domain/test_layering.py enforces it)."""
