// Writes src/frontend/morloc.recipe.json, the compiled form of morloc.ohm. Building a grammar
// from its recipe takes ~2 ms against ~100 ms from the .ohm text, and every `morloc` run pays
// it once. morloc.ohm stays the source of truth: `npm run build` regenerates the recipe and
// tests/frontend/recipe.test.ts fails when the committed one is stale.
import * as ohm from "ohm-js";
import { resolve } from "node:path";

const dir = resolve(import.meta.dir, "../src/frontend");
export function recipeOf(grammarText: string): string {
  return JSON.stringify(JSON.parse(ohm.grammar(grammarText).toRecipe())) + "\n";
}

if (import.meta.main) {
  const text = await Bun.file(`${dir}/morloc.ohm`).text();
  const out = `${dir}/morloc.recipe.json`;
  const recipe = recipeOf(text);
  const old = (await Bun.file(out).exists()) ? await Bun.file(out).text() : "";
  if (old !== recipe) await Bun.write(out, recipe);
  console.log(`grammar: ${old === recipe ? "recipe up to date" : "wrote"} ${out}`);
}
