"""Products > Import trace… and Import usage history…: read, preview old beside new, apply."""
