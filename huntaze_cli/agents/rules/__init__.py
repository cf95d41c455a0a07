"""The built-in offline engine (provider `rules`): deterministic answers with no model."""
