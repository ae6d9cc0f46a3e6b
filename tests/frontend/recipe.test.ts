// The committed grammar recipe (what the parser loads) must be compiled from the current
// morloc.ohm; `npm run build` or `bun scripts/grammar-recipe.ts` regenerates it.
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { recipeOf } from "../../scripts/grammar-recipe";

test("src/frontend/morloc.recipe.json is compiled from morloc.ohm", () => {
  const dir = resolve(import.meta.dir, "../../src/frontend");
  const fresh = recipeOf(readFileSync(`${dir}/morloc.ohm`, "utf8"));
  expect(readFileSync(`${dir}/morloc.recipe.json`, "utf8") === fresh).toBe(true);
});
