"""The four agents (messaging, content, analytics, sales), their schemas, rules engine and math.

Kept empty on purpose: importing `huntaze_cli.agents` must cost nothing for commands that make no AI call.
"""
