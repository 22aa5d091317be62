"""Wijkwerk: neighbourhood maintenance, together."""

__version__ = "0.1.0"
