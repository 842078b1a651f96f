"""Actor mentions: the knowledge base and its resolver."""
