"""Revenue from the ledger: per-fan figures, segments, and A/B experiments with their statistics."""
