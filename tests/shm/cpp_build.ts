// Builds a C++ test program against the header-only runtime, cached in tests/.tmp by a hash of the
// source and the headers, so repeated `bun test` runs skip g++.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const ROOT = join(import.meta.dir, "../..");
const TMP = join(ROOT, "tests/.tmp");
const HEADERS = ["schema.hpp", "value.hpp", "view.hpp", "arena.hpp", "access.hpp", "packet.hpp", "bell.hpp", "pool.hpp"].map((f) => join(ROOT, "pools/cpp/morloc", f));

export async function buildCpp(name: string, source: string, opt = "-O0"): Promise<string> {
  mkdirSync(TMP, { recursive: true });
  const hash = Bun.hash(opt + source + HEADERS.map((h) => readFileSync(h, "utf8")).join("")).toString(16);
  const exe = join(TMP, `${name}-${hash}`);
  if (existsSync(exe)) return exe;
  const src = join(TMP, `${name}.cpp`);
  await Bun.write(src, source);
  const args = ["g++", "-std=c++17", opt, "-pthread", "-I", join(ROOT, "pools/cpp"), "-I", join(ROOT, "pools/cpp/tests"), src, "-o", exe];
  const cc = Bun.spawn(args, { stderr: "pipe" });
  const timer = setTimeout(() => cc.kill(), 100_000); // a pathological compile fails instead of hanging
  const [code, err] = await Promise.all([cc.exited, new Response(cc.stderr).text()]);
  clearTimeout(timer);
  if (code !== 0) throw new Error(`g++ failed for ${name}:\n${err.slice(0, 4000)}`);
  return exe;
}

/** Build a program from a file under pools/cpp/tests. */
export const buildCppFile = (file: string, opt?: string) =>
  buildCpp(file.replace(/\.cpp$/, ""), readFileSync(join(ROOT, "pools/cpp/tests", file), "utf8"), opt);
