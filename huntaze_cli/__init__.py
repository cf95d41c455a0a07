"""huntaze: AI co-pilot for content creators, with an exact ledger of every AI request."""

__version__ = "0.1.0"
