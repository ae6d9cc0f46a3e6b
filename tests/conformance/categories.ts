// Every category of the conformance matrix, in report order, each a list of generated modules.
import type { GenModule } from "./model";
import { manifoldModules } from "./manifolds";
import { serialModules } from "./serial";
import { interopModules } from "./interop";
import { boundaryModules } from "./boundaries";
import { moduleFormModules } from "./modules";
import { genericModules } from "./generic";
import { typeImportModules } from "./typeimport";
import { optionalModules } from "./optional";
import { operatorModules } from "./operators";
import { recursionModules } from "./recursion";

export const CATEGORIES: [string, () => GenModule[]][] = [
  ["serial", serialModules],
  ["args", manifoldModules],
  ["interop", interopModules],
  ["modules", moduleFormModules],
  ["type-import", typeImportModules],
  ["boundaries", boundaryModules],
  ["generic", genericModules],
  ["optional", optionalModules],
  ["operator", operatorModules],
  ["recursion", recursionModules],
];

export function allModules(): GenModule[] {
  return CATEGORIES.flatMap(([, gen]) => gen());
}
