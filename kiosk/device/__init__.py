"""The kiosk's own machine: switching the screen off and on, and its watch on its own clock."""
