// Every category of the conformance matrix, in report order, each a list of generated modules.
import type { GenModule } from "./model";
import { manifoldModules } from "./manifolds";
import { serialModules } from "./serial";

export const CATEGORIES: [string, () => GenModule[]][] = [
  ["serial", serialModules],
  ["args", manifoldModules],
];

export function allModules(): GenModule[] {
  return CATEGORIES.flatMap(([, gen]) => gen());
}
