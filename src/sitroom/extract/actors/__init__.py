"""Actor mentions: the knowledge base and its resolver.

``base`` holds the states, organisations and people; ``resolver`` runs the passes over one
article's shared ``context``: ``names``, ``titles``, ``groups``, ``roles``, ``pronouns``
(``spelling`` compares people's names). Word lists are ``data/vocab/actors_*.json``.
"""
