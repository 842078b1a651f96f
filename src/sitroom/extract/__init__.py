"""From a parsed article to actors, quotes and events."""
