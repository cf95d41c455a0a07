"""What comes in from users: fan exports, files named in input, strict JSON, dates, quick-reply templates."""
