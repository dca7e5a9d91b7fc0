"""Views: they draw the document's payloads (results, year, reference) and never edit the model."""
