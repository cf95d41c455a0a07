"""Settings: config.toml, its model, where files live, and ledger locations (paths and URLs)."""
