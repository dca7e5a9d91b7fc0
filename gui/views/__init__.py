"""Views: they draw the document's payloads (results, year, reference) and never edit the model.

Tables a user types into are editors (gui/editors); an import contract and an AST test
(tests/gui/test_view_contract.py) keep views from editing.
"""
