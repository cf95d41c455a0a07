"""Input bounds shared by the command line and `huntaze serve` (one home for each)."""

MAX_PROMPT_CHARS = 10_000  # test-prompt's prompt (the seed's bound)
