"""Sales and every offer price: the generic formula, per-fan pricing from history, the rules engine, SalesAgent."""
