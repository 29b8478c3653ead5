"""Text: bytes to str, where positions are computed, atomic writes."""
