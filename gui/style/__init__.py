"""The look: theme colours, appearance (theme, scale) and the units every view formats with."""
