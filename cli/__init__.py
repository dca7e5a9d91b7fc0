"""The `scaledeck` command: headless model commands and the entry to the dashboard."""
