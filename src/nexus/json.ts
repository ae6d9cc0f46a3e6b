// JSON for the nexus: a parser that keeps integers outside the safe range exact (as bigint), and
// the one-line output printer (Real always shows a decimal point or an exponent, like Python repr).

export class JsonError extends Error {}

/** Arrays and objects nest at most this deep in an argument: deeper ones are refused with a message. */
export const MAX_DEPTH = 10_000;

/**
 * A number kept as the text it was given in, for a value of generic type that the nexus prints
 * back unchanged (`1.0` stays `1.0`, `2` stays `2`, a long integer keeps every digit).
 */
export class JsonNumber {
  constructor(readonly text: string) {}
  /** The value parseJson would give without `exact`: bigint beyond the safe range, else number. */
  plain(): number | bigint {
    if (/[.eE]/.test(this.text)) return Number(this.text);
    const n = Number(this.text);
    return Number.isSafeInteger(n) ? n : BigInt(this.text);
  }
}

/**
 * Parse JSON text; integers beyond Number.MAX_SAFE_INTEGER become bigint. With `exact`, every
 * number is a JsonNumber holding its text.
 */
export function parseJson(text: string, exact = false): unknown {
  let i = 0;
  const fail = (what: string): never => {
    throw new JsonError(`invalid JSON at character ${i + 1}: ${what}`);
  };
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  let depth = 0;
  const value = (): unknown => {
    ws();
    const c = text[i];
    if ((c === "{" || c === "[") && ++depth > MAX_DEPTH) throw new JsonError(`JSON nested deeper than ${MAX_DEPTH} levels (at character ${i + 1})`);
    if (c === "{") {
      i++;
      const o: Record<string, unknown> = {};
      ws();
      if (text[i] === "}") return i++, depth--, o;
      for (;;) {
        ws();
        if (text[i] !== '"') fail("expected a string key");
        const k = str();
        ws();
        if (text[i++] !== ":") fail("expected ':'");
        o[k] = value();
        ws();
        const d = text[i++];
        if (d === "}") return depth--, o;
        if (d !== ",") fail("expected ',' or '}'");
      }
    }
    if (c === "[") {
      i++;
      const a: unknown[] = [];
      ws();
      if (text[i] === "]") return i++, depth--, a;
      for (;;) {
        a.push(value());
        ws();
        const d = text[i++];
        if (d === "]") return depth--, a;
        if (d !== ",") fail("expected ',' or ']'");
      }
    }
    if (c === '"') return str();
    for (const [word, v] of [["true", true], ["false", false], ["null", null]] as const) {
      if (text.startsWith(word, i)) return (i += word.length), v;
    }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) return fail(c === undefined ? "unexpected end" : `unexpected '${c}'`);
    i += m[0].length;
    if (exact) return new JsonNumber(m[0]);
    if (m[2] === undefined && m[3] === undefined) {
      const n = Number(m[0]);
      return Number.isSafeInteger(n) ? n : BigInt(m[0]);
    }
    return Number(m[0]);
  };
  const str = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    if (i >= text.length) fail("unterminated string");
    i++;
    return JSON.parse(text.slice(start, i));
  };
  const v = value();
  ws();
  if (i < text.length) fail("trailing characters");
  return v;
}

/**
 * The JSON form of a Real that JSON cannot write as a number (docs/architecture.md, "Non-finite
 * numbers"): the strings "nan", "inf" and "-inf", as the reference prints them. A Real argument
 * accepts them back (see `nonFiniteReal`).
 */
export function nonFiniteJson(x: number): string {
  return Number.isNaN(x) ? '"nan"' : x > 0 ? '"inf"' : '"-inf"';
}

/** The Real named by a string argument: "nan", "inf", "-inf" (also "+inf", "infinity", any case); else undefined. */
export function nonFiniteReal(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (t === "nan" || t === "+nan" || t === "-nan") return NaN;
  if (t === "inf" || t === "+inf" || t === "infinity" || t === "+infinity") return Infinity;
  if (t === "-inf" || t === "-infinity") return -Infinity;
  return undefined;
}

/** A float the way Python's repr prints it: shortest round trip, fixed for 1e-4 <= |x| < 1e16. Non-finite: see nonFiniteJson. */
export function formatReal(x: number): string {
  if (!Number.isFinite(x)) return nonFiniteJson(x);
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mant, expText] = x.toExponential().split("e") as [string, string];
  const exp = Number(expText);
  const neg = mant.startsWith("-");
  const digits = mant.replace("-", "").replace(".", "");
  let body: string;
  if (exp >= -5 + 1 && exp < 16) {
    if (exp >= digits.length - 1) body = digits + "0".repeat(exp - digits.length + 1) + ".0";
    else if (exp >= 0) body = digits.slice(0, exp + 1) + "." + digits.slice(exp + 1);
    else body = "0." + "0".repeat(-exp - 1) + digits;
  } else {
    const m = digits.length > 1 ? digits[0] + "." + digits.slice(1) : digits;
    const e = Math.abs(exp);
    body = `${m}e${exp < 0 ? "-" : "+"}${e < 10 ? "0" : ""}${e}`;
  }
  return neg ? "-" + body : body;
}

/** One line of compact JSON: bigint prints exactly, number prints as a Real. */
export function formatJson(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number") return formatReal(v);
  if (v instanceof JsonNumber) return v.text;
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return "[" + v.map(formatJson).join(",") + "]";
  if (v instanceof Uint8Array) return formatJson(Array.from(v, (b) => BigInt(b)));
  const o = v as Record<string, unknown>;
  return "{" + Object.keys(o).map((k) => JSON.stringify(k) + ":" + formatJson(o[k])).join(",") + "}";
}

/** A value with every JsonNumber replaced by its plain number (for MessagePack and for schemas). */
export function plainJson(v: unknown): unknown {
  if (v instanceof JsonNumber) return v.plain();
  if (Array.isArray(v)) return v.map(plainJson);
  if (v && typeof v === "object" && !(v instanceof Uint8Array)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plainJson(x)]));
  return v;
}
