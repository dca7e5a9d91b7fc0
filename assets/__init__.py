"""Data shipped with ScaleDeck: the default scenario and the GPU catalog."""
