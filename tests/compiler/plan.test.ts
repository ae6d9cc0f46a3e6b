// The stages between the type checker and the printers: the selected tree (no alternatives, every
// call bound to one implementation) and the language-neutral plan the back ends print.
import { expect, test } from "bun:test";
import { memoryHost } from "../../src/build/host";
import { BACKENDS } from "../../src/codegen";
import { buildPlan, type PlanExpr, type Plan } from "../../src/codegen/plan";
import { parseModuleText } from "../../src/frontend";
import { resolve } from "../../src/resolve";
import { select } from "../../src/select";
import { calls, children, type Expr } from "../../src/select/ast";
import { etaExpand } from "../../src/types/eta";
import { typecheck } from "../../src/types/infer";

const prelude = `
type Cpp => Real = "double"
type Cpp => List a = "std::vector<$1>" a
type Py => Real = "float"
type Py => List a = "list" a
source Cpp from "core.hpp" ("map", "add")
source Py from "f.py" ("square", "add" as padd)
source Py from "g.py" ("cube")
map a b :: (a -> b) -> [a] -> [b]
add :: Real -> Real -> Real
padd :: Real -> Real -> Real
square :: Real -> Real
cube :: Real -> Real
`;

async function selected(body: string) {
  const exports = body.split("\n").map((l) => l.split(" ")[0]).join(", ");
  const host = memoryHost({ "/m/main.loc": `module main (${exports})\n${prelude}\n${body}\n`, "/m/f.py": "", "/m/g.py": "", "/m/core.hpp": "" });
  const program = await resolve("/m/main.loc", {
    libraryDirs: host.searchPath(),
    parse: parseModuleText,
    readText: async (p) => ((await host.exists(p)) ? host.readFile(p) : undefined),
  });
  const checked = typecheck(program);
  return { commands: select(etaExpand(checked.commands)), scope: checked.scope };
}

const walk = (e: Expr, f: (e: Expr) => void): void => {
  f(e);
  children(e).forEach((c) => walk(c, f));
};

async function plan(body: string): Promise<Plan> {
  const s = await selected(body);
  return buildPlan({ module: "main", commands: s.commands, scope: s.scope }, BACKENDS);
}

test("after selection no node is an alternative and every call carries its implementation", async () => {
  const { commands } = await selected("h xs = map square (map (add 1.0) xs)\nk x = add (square x) (padd x x)");
  expect(commands.map((c) => [c.name, c.lang])).toEqual([["h", "cpp"], ["k", "cpp"]]);
  for (const c of commands) {
    walk(c.body, (e) => expect(["lit", "list", "tuple", "var", "lam", "call", "record", "access", "apply"]).toContain(e.k));
    for (const call of calls(c.body)) expect(["cpp", "py"]).toContain(call.impl.lang);
  }
  const k = commands.find((c) => c.name === "k")!;
  expect(calls(k.body).map((c) => `${c.term}:${c.impl.lang}`)).toEqual(["square:py", "padd:py", "add:cpp"]);
});

test("the plan cuts foreign calls into manifolds with their crossing schemas", async () => {
  const p = await plan("h xs = map square xs");
  expect(p.pools.map((x) => x.lang)).toEqual(["py", "cpp"]);
  const [py, cpp] = p.pools;
  expect(cpp!.manifolds.map((m) => [m.id, m.name, m.params.map((x) => x.schema), m.ret.schema])).toEqual([[1, "h", ["af8"], "af8"]]);
  expect(py!.manifolds.map((m) => [m.id, m.name, m.ret.schema])).toEqual([[2, "square", "f8"]]);
  const foreign: PlanExpr[] = [];
  const find = (e: PlanExpr): void => {
    if (e.k === "foreign") foreign.push(e);
    if (e.k === "call") e.args.forEach(find);
    if (e.k === "lam") find(e.body);
  };
  find(cpp!.manifolds[0]!.body);
  expect(foreign.length).toBe(1);
  const f = foreign[0]! as Extract<PlanExpr, { k: "foreign" }>;
  expect(f.target.id).toBe(2);
  expect(f.args.map((a) => a.schema)).toEqual(["f8"]);
  expect(f.ret.schema).toBe("f8");
  expect(p.commands.map((c) => [c.command.name, c.root?.id, c.needs])).toEqual([["h", 1, ["cpp", "py"]]]);
});

test("bindings and shipped files are made once per pool, in first-use order", async () => {
  const p = await plan("k x = padd (cube (square x)) (square (cube x))");
  const py = p.pools.find((x) => x.lang === "py")!;
  expect(py.bindings.map((b) => [b.index, b.name, b.files.map((f) => f.to)])).toEqual([
    [0, "add", ["src/0/f.py"]],
    [1, "cube", ["src/0/g.py"]],
    [2, "square", ["src/0/f.py"]],
  ]);
  expect(py.files.map((f) => [f.from, f.to])).toEqual([["/m/f.py", "src/0/f.py"], ["/m/g.py", "src/0/g.py"]]);
});
