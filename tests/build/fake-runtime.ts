// A stand-in nexus runtime for the build-stage test: unpacks the real payload with the real
// unpackPayload, then runs the embedded C++ pool and Python file and prints what they say.
import { unpackPayload, type Payload } from "../../src/nexus/payload";

export async function nexusMain(payload: Payload): Promise<never> {
  const dir = await unpackPayload(payload);
  const manifest = JSON.parse(payload.manifest);
  const out: string[] = [`module=${manifest.module}`, `dir=${dir}`, `args=${process.argv.slice(2).join(",")}`];
  for (const cmd of [[`${dir}/pool-cpp`], ["python3", `${dir}/pool.py`]]) {
    const p = Bun.spawnSync(cmd, { stdout: "pipe", stderr: "pipe" });
    out.push(`${cmd.at(-1)!.split("/").pop()}: ${p.stdout.toString().trim()}${p.stderr.toString().trim()}`);
  }
  console.log(out.join("\n"));
  process.exit(0);
}
