# Imported relatively by names.py.
PREFIX = "n:"
