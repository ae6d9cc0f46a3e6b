"""morloc's Python pool runtime: schema strings, the binary value format and the shared-memory arena
(docs/arena.md), re-exported here; the pool and packet modules live beside them."""

from .schema import parse_schema, schema_to_string, SchemaError
from .value import encode, decode, ValueFormatError
from .arena import Arena, ArenaError, sweep_orphans

__all__ = ["parse_schema", "schema_to_string", "SchemaError", "encode", "decode", "ValueFormatError",
           "Arena", "ArenaError", "sweep_orphans"]
