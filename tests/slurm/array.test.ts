// `map lbl@f xs` becomes one labelled call that names its element call (the manifest's `array`),
// and the nexus splits such a call's list into element argument sets and joins the results.
import { expect, test } from "bun:test";
import { join } from "node:path";
import { bunHost } from "../../src/build/host";
import { compileToProgram } from "../../src/compile";
import type { LabelledCall } from "../../src/nexus/labelled";
import { joinArray, splitArray } from "../../src/nexus/slurm/array";
import { decodeValue, encodeValue, parseSchema } from "../../shm";

const programs = join(import.meta.dir, "../programs");

test("the manifest lists each labelled map with its element call, list and captured arguments", async () => {
  const p = await compileToProgram(join(programs, "labels-map-py/main.loc"), bunHost(join(import.meta.dir, "../../lib")));
  const calls = p.manifest.labelled!;
  const byId = new Map(calls.map((c) => [c.id, c]));
  const arrays = calls.filter((c) => c.array);
  // doubled, scaled, total, checked: four maps, each with its own element call
  expect(arrays.length).toBe(4);
  for (const a of arrays) {
    const elem = byId.get(a.array!.elem)!;
    expect(elem.array).toBeUndefined();
    expect(a.name).toBe(elem.name);
    expect(a.args[a.array!.list]).toBe("ai8");
    expect(a.ret).toBe("ai8");
    expect(a.array!.args.filter((k) => k === -1).length).toBe(1);
  }
  // scaled k xs = map (big@mul k) (rev xs): mul takes the captured k and the element
  const scaled = arrays.find((a) => a.name === "mul")!;
  expect(scaled.args.length).toBe(2);
  expect(scaled.array!.args.map((k) => (k === -1 ? "elem" : scaled.args[k]))).toEqual(["i8", "elem"]);
  // the command that is exactly one labelled map is answered by the nexus directly
  expect(p.manifest.commands.find((c) => c.name === "doubled")!.labelled).toBe(arrays.find((a) => a.name === "twice" && p.manifest.commands.some((c) => c.labelled === a.id))!.id);
}, 60_000);

test("split into element argument sets and join the results in order", () => {
  const call = (id: number, args: string[], ret: string, array?: LabelledCall["array"]): LabelledCall => ({ id, label: "big", lang: "py", manifold: id, name: "mul", where: "m.loc:1:1", args, ret, needs: ["py"], ident: "x", array });
  const outer = call(2, ["i8", "ai8"], "as", { elem: 1, list: 1, args: [0, -1] });
  const elem = call(1, ["i8", "i8"], "s");
  const k = encodeValue(parseSchema("i8"), 3);
  const sets = splitArray(outer, outer.array!, elem, [k, encodeValue(parseSchema("ai8"), [5, 6, 7])]);
  expect(sets.length).toBe(3);
  expect(sets.map((s) => s.map((b) => Number(decodeValue(parseSchema("i8"), b))))).toEqual([[3, 5], [3, 6], [3, 7]]);
  const joined = joinArray(outer, elem, ["a", "b", "c"].map((s) => encodeValue(parseSchema("s"), s)));
  expect(decodeValue(parseSchema("as"), joined)).toEqual(["a", "b", "c"]);
  expect(splitArray(outer, outer.array!, elem, [k, encodeValue(parseSchema("ai8"), [])])).toEqual([]);
});
