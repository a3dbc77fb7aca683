"""Corridor: trade and transport figures from the news, checked against official data."""

__version__ = "0.1.0"
