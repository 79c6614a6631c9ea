"""The graph layer: the store interface and its backends, and what is computed from the store."""
