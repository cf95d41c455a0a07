"""ContentAgent and ContentIdeasAgent (`caption`, `ideas`), with their rules engine, templates and hashtags."""
