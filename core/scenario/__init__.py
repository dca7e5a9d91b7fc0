"""The scenario room: what a user edits and saves, and the rules it must keep.

A scenario is an immutable pydantic value (`schema`); `checks` and `plan_rules` say what is
wrong with one in field paths and words; `migrations` bring old files forward; `files` and
`workbook` read and write a baseline with its variants; `edits`, `plan_edits` and
`messages` change a scenario by field path and word their refusals; `sources` says
where each input comes from; `architecture` gives a model known only by its size a
typical depth and width. Nothing here computes results: it sits under every other room
of core.
"""

__all__ = ["architecture", "edits", "files", "messages", "plan_edits", "schema", "sources"]
