"""A creator's own voice: learned from their past posts and messages (`profile`), measured (`stylometry`) and
used by every draft (`apply`: the rules engine's texts and the model prompt's voice block). Pure functions:
the ledger stores the texts and the profile, the coordinator hands the profile to agents."""
