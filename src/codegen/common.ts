// Small helpers every printer uses.

/** The name a user wrote for a generated unique variable (`xs_3` → `xs`). */
export const userName = (unique: string) => unique.replace(/_\d+$/, "");

/** A line-oriented writer that keeps indentation, so back ends do not build code by concatenation. */
export class Writer {
  private lines: string[] = [];
  private depth = 0;
  constructor(private unit = "    ") {}
  line(text = ""): this {
    this.lines.push(text === "" ? "" : this.unit.repeat(this.depth) + text);
    return this;
  }
  indent(f: () => void): this {
    this.depth++;
    f();
    this.depth--;
    return this;
  }
  toString(): string {
    return this.lines.join("\n") + "\n";
  }
}
