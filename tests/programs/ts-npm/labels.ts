// npm packages named by this folder's package.json: bundled into the nexus at make time
import { padLeft } from "mlc-pad";
import { title } from "@mlc/case";
import { title as titleAgain } from "@mlc/case/src/title";

export const pad = (s: string, n: bigint): string => padLeft(s, Number(n), "0");
export const label = (name: string, k: bigint): string => `${title(name)} #${padLeft(String(k), 3, "0")}`;
export const same = (s: string): boolean => title(s) === titleAgain(s);
