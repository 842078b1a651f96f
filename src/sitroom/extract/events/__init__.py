"""PLOVER events: the coder, its registry, codes, dates and places."""
