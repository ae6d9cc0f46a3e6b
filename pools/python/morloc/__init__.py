"""morloc's Python pool runtime: schema strings, the binary value format and the shared-memory arena
(docs/arena.md), plus the pool and packet modules beside them. Names below load on first use, so
`import morloc.pool` stays fast."""

import importlib

_EXPORTS = {"parse_schema": "schema", "schema_to_string": "schema", "SchemaError": "schema",
            "encode": "value", "decode": "value", "ValueFormatError": "value",
            "Arena": "arena", "ArenaError": "arena"}
__all__ = list(_EXPORTS)


def __getattr__(name):
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'morloc' has no attribute '{name}'")
