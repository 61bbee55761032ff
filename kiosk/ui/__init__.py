"""The touchscreen UI (Kivy): the only package that imports Kivy (see ARCHITECTURE.md, "Threads")."""
