"""Fan messaging: chat, suggest and mass messages (agents, intents, rules engine, templates)."""
