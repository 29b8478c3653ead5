"""The JSON Schema check: validation, the phrasing of its errors, and its fixes."""
