"""The engine: settings, which files, the per-file linter, suppressions, the cache, worker
processes and the fixer."""
