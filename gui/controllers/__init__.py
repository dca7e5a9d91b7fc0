"""Controllers: commands and what they drive (files, exports, autosave, presentation)."""
