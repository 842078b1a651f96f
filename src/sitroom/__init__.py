"""sitroom: a situation room for international crises."""

__version__ = "0.1.0"
