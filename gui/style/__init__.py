"""The look: theme colours and the appearance (theme and scale) every view follows."""
