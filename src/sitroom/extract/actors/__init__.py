"""Actor mentions: the knowledge base and its resolver.

``base`` holds the states, organisations and people; ``resolver`` runs the passes over one
article's shared ``context``: ``names``, ``titles``, ``groups``, ``places``, ``agents``,
``roles``, ``pronouns`` (``salience`` chooses antecedents, ``spelling`` compares people's
names). Word lists are ``data/vocab/actors_*.json``; places are ``data/places.json`` over
PETRARCH2's (``sitroom.extract.petrarch``).
"""
