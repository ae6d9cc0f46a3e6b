// Public face of the Bun shared-memory package: schema strings, the blob codec and the arena.
export { parseSchema, schemaToString, SchemaError, type Schema } from "./schema";
export { decodeValue, encodedSize, encodeInto, encodeValue, ValueError } from "./value";
export { alive, Arena, ArenaError, arenaLimit, claimRunFolder, newRunPrefix, releaseRunFolder, sweepOrphans } from "./arena";
export { abandoned, holdLock } from "./liveness";
