"""One screen per module (``<name>.py`` + ``<name>.kv``), created and its kv loaded on first use."""
