"""Editors: the tables a user types into (routing, inputs, the Plan tab) and their panel.

They edit the document as controls do (`document.edit`, one undo step each), so they
are not views: views only draw payloads (gui/views). The panel under the charts lives
here because it holds both; its read-only tables are views' models (gui/views/tables).
"""
