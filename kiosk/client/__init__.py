"""How the kiosk talks to the hub: the HTTP client, its offline outbox, the embedded hub child process, and
the typed port (``HubPort``) the screens depend on."""
