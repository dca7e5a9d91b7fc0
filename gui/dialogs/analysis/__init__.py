"""The Analysis window: recommended routing and frontier, sensitivity, Monte Carlo."""
