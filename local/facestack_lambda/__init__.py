"""The local cloud's Lambda execution environment for Python functions (see bootstrap.py)."""
