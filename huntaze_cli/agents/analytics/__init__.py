"""AnalyticsAgent (`analyze`): metrics computed from a file, the rules engine that words them."""
