// The doorbell fast path under the runtime's own correctness suites: the chains (re-entrancy 32
// deep, every pair of languages), errors, faults (kill -9 of a pool mid-call, signals, timeouts),
// 8 calls in flight, every size boundary and the soak run again with MORLOC_BELL_AFTER=0, so that
// every pool-to-pool call between C++ and Python goes over a channel from the first one. The other
// runs of these suites use the default (the socket for the first 16 calls of a connection), and
// tests/programs runs all 102 programs both ways.
import { expect, test } from "bun:test";
import { REPO } from "./harness";

const suites = ["chains", "faults", "inflight", "sizes", "soak"];

for (const suite of suites) {
  test(`tests/runtime/${suite} with every C++/Python call on the doorbell`, async () => {
    const p = Bun.spawn([process.execPath, "test", `./tests/runtime/${suite}.test.ts`], {
      cwd: REPO,
      env: { ...process.env, MORLOC_BELL_AFTER: "0" },
      stdout: "pipe",
      stderr: "pipe",
    });
    const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
    // bun test reports on stderr; show the failing cases, not the whole run
    if (code !== 0) console.error(`${out}${err}`.split("\n").filter((l) => !l.startsWith("(pass)")).join("\n"));
    expect(code).toBe(0);
    expect(err).toMatch(/ [1-9]\d* pass/);
  }, 900_000);
}
