"""What the kiosk shows that is read from files or URLs: lesson folders and the workshop agenda."""
