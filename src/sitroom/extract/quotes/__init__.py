"""Attributions: rules over the parse, the span tagger, layout forms, brat."""
