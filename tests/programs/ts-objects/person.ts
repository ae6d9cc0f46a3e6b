// The user's class: the pool must build and read these, never plain objects.
import { exclaim } from "./lib/text";

export class PersonObj<A> {
  constructor(readonly name: string, readonly info: A) {}
}

export function greet<A>(p: PersonObj<A>): string {
  if (!(p instanceof PersonObj)) throw new TypeError(`greet expects a PersonObj, got ${JSON.stringify(p)}`);
  return exclaim(`hi ${p.name} (${p.info})`);
}

export function same<A>(p: PersonObj<A>): PersonObj<A> {
  if (!(p instanceof PersonObj)) throw new TypeError("same expects a PersonObj");
  return p;
}
