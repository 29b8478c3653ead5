"""Text: files read (regular files only) and written atomically, bytes to str, where positions
are computed, where a TOML document's tables are."""
