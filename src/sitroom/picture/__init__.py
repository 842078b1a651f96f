"""The crisis picture: clusters, claims, timeline, escalation index and briefing."""
