# The package of helpers that json.py imports from.
