"""The version, in a leaf module: formats, the cache key and the package read it without importing the package."""

__version__ = "0.1.0"
