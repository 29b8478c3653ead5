"""Checking that URLs answer: results, their on-disk cache, the address guard, the client.

Only ``checker`` imports aiohttp; the rest is light enough for runs that stay offline.
"""
