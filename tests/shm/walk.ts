// Consistency checker for arena volumes (docs/arena.md §3.3-3.4), independent of shm/arena.ts: reads
// /dev/shm/<name> as a file, checks the volume header and walks every block header, which must tile
// the volume exactly. Used by the concurrency and footprint tests.
import { existsSync, readdirSync, readFileSync } from "node:fs";

export interface WalkedBlock { relptr: bigint; state: number; length: number; size: number }
export interface Walk { name: string; blocks: WalkedBlock[]; errors: string[] }

const VOLUME_MAGIC = 0x61636c6d, BLOCK_MAGIC = 0x6b6c626d;

/** The volumes of a run ("<prefix>/<slot>-<n>", in its folder /dev/shm/<prefix>), sorted by name. */
export const runVolumes = (prefix: string) =>
  existsSync(`/dev/shm/${prefix}`)
    ? readdirSync(`/dev/shm/${prefix}`).filter((n) => n !== "lock").map((n) => `${prefix}/${n}`).sort()
    : [];

export function walkVolume(name: string): Walk {
  const errors: string[] = [];
  const blocks: WalkedBlock[] = [];
  const m = /\/(\d+)-(\d+)$/.exec(name);
  const buf = readFileSync(`/dev/shm/${name}`);
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (!m || buf.length < 128) return { name, blocks, errors: [`${name}: not a volume name or too short`] };
  const slot = Number(m[1]), n = Number(m[2]), id = slot * 256 + n;
  const header: [string, number, number][] = [
    ["magic", dv.getUint32(0, true), VOLUME_MAGIC],
    ["version", dv.getUint32(4, true), 1],
    ["header size", dv.getUint32(8, true), 64],
    ["slot", dv.getUint32(12, true), slot],
    ["volume size", Number(dv.getBigUint64(16, true)), buf.length],
    ["volume index", dv.getUint32(28, true), n],
    ["volume id", dv.getUint32(32, true), id],
  ];
  for (const [what, got, want] of header) if (got !== want) errors.push(`${name}: ${what} ${got}, expected ${want}`);
  if (buf.subarray(36, 64).some((b) => b !== 0)) errors.push(`${name}: header padding is not zero`);
  let at = 64;
  while (at < buf.length && errors.length < 10) {
    if (at + 64 > buf.length) {
      errors.push(`${name}: block header at ${at} runs past the end`);
      break;
    }
    const magic = dv.getUint32(at, true), state = dv.getUint32(at + 4, true);
    const length = Number(dv.getBigUint64(at + 8, true)), size = Number(dv.getBigUint64(at + 16, true));
    const bad =
      magic !== BLOCK_MAGIC ? `magic 0x${magic.toString(16)}` :
      state > 2 ? `state ${state}` :
      size < 64 || size % 64 !== 0 ? `block size ${size}` :
      at + size > buf.length ? `block size ${size} runs past the end` :
      length > size - 64 ? `length ${length} in a block of ${size}` :
      state === 0 && length !== 0 ? `free block with length ${length}` : "";
    if (bad) {
      errors.push(`${name}: block at ${at}: ${bad}`);
      break;
    }
    blocks.push({ relptr: (BigInt(id) << 48n) | BigInt(at + 64), state, length, size });
    at += size;
  }
  if (errors.length === 0 && at !== buf.length) errors.push(`${name}: blocks end at ${at}, not at ${buf.length}`);
  return { name, blocks, errors };
}
