// The printed text of the error codes whose throw sites once passed message text: the templates
// in src/codes.ts must print exactly what those sites printed (tests and program cases compare it).
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ErrorCode, ErrorData } from "../../src/codes";
import { CompileError } from "../../src/diagnostics";

const ROOT = join(import.meta.dir, "..", "..");

const cases: [CompileError, string, string?][] = [];
const add = <C extends ErrorCode>(code: C, data: ErrorData<C>, message: string, hint?: string) => cases.push([new CompileError(code, data), message, hint]);

// parsing
add("SyntaxError", { message: "bad thing", hint: "do this" }, "bad thing", "do this");
add("SyntaxError", { kind: "rKeyword", name: "and" }, "R has no keyword operators: and cannot be sourced from R", "write a small function in an R file and source it by name");
add("SyntaxError", { kind: "emptyBacktick" }, "empty backtick-quoted name", "write the language's keyword operator between the backticks, e.g. `and`");
add("SyntaxError", { kind: "groupThenAccessor" }, "a getter group .(...) cannot be followed by another accessor", "apply the group first, then the getter: .0 (.(.a, .b) r)");
add("SyntaxError", { kind: "mixedGroup" }, "cannot mix getter and setter entries in .()");
add("SyntaxError", { kind: "bigIndex", text: "99999999999999999999" }, "the index getter .99999999999999999999 is too large");
add("DuplicateBinder", { name: "x", params: true }, "duplicate binder in pattern: x", "each name may be bound once among a definition's parameters");
add("DuplicateBinder", { name: "x" }, "duplicate binder in pattern: x");
add("DuplicateField", { kind: "pattern", field: "a" }, "duplicate field in record pattern: a");
add("DuplicateField", { field: "a" }, "duplicate field in record literal: a");

// modules
add("CyclicDependency", { cycle: ["a", "b", "a"] }, "Cyclical import dependency in resolveImports: a -> b -> a");
add("SelfImport", { module: "m" }, "Cyclical import dependency in resolveImports: module m imports itself");
add("UndefinedExport", { module: "m", names: ["f", "g"], suggestion: "did you mean 'ff'?" }, "Module 'm' does not export the following terms or types: [f, g]", "did you mean 'ff'?");
add("UndefinedExport", { module: "m", names: ["f"] }, "Module 'm' does not export the following terms or types: [f]", "an export must be defined or imported in the module");
add("CannotLoadModule", { kind: "notFound", name: "lib", tried: ["/a/lib.loc"], installable: true }, "cannot find module 'lib'", "searched: /a/lib.loc; Maybe try running: morloc install lib");
add("CannotLoadModule", { kind: "notFound", name: ".lib", tried: ["/a/lib.loc"], installable: false }, "cannot find module '.lib'", "searched: /a/lib.loc");
add("NonSingularRoot", { kind: "cycle", entry: "main.loc" }, "Cyclical import dependency in resolveImports: the modules of main.loc import each other");
add("NonSingularRoot", { kind: "several", entry: "main.loc", roots: ["a", "<empty>"] }, "unsupported multi-rooted module DAG: main.loc holds several modules that nothing imports (a, <empty>); one must be the program");
add("ImportExportError", { kind: "method", from: "m", names: ["show"], classes: ["Show"] }, "The terms [show] imported from 'm' are typeclass methods (of Show), which cannot be imported by name", "import the class instead: import m (Show), or import m () for its instances only");
add("ImportExportError", { kind: "notExported", importer: "main", from: "m", names: ["f", "g"], suggestion: undefined }, "The terms imported from 'main' are not exported from module 'm': [f, g]");

// types
add("RefutablePattern", {}, "a let binding's pattern must always match (no literals)", "match literals with `|` clauses");
add("NonExhaustive", { name: "f" }, "the `|` clauses of 'f' are not exhaustive; add a final catch-all clause", "end with a clause whose patterns are all variables or `_`");
add("ClauseArity", { name: "f", first: 2, given: 1 }, "all `|` clauses of 'f' must bind the same number of arguments", "the first clause binds 2, this one 1");
add("UnboundVariable", { kind: "literalEq" }, "a literal pattern is tested with `==`, which is not in scope", 'define or import (==), e.g. `source Py from "ops.py" ("eq" as (==))`');
add("UnboundVariable", { name: "g", module: "main", suggestion: "f" }, "'g' is not defined in module main", "f");
add("TypeMismatch", { kind: "setterBracket" }, "a setter path takes field names and tuple indices, not brackets");
add("TypeMismatch", { kind: "bracketOnNonList", accessor: "[0]", type: "(Int, Int)" }, "the bracket accessor [0] takes a list, got (Int, Int)", "use a field or index getter (.name, .0) on tuples and records");
add("TypeMismatch", { kind: "indexOnList", index: 0 }, "Index getter .0 requires a tuple or record, got a list. Use 'head' or '!!' for list access");
add("TypeMismatch", { kind: "indexOnOther", index: 1, type: "Int" }, "Index getter .1 requires a tuple or record, got Int");
add("TypeMismatch", { kind: "tupleArity", arity: 2, index: 5 }, "tuple arity 2 required, index 5 given");
add("TypeMismatch", { kind: "recordArity", record: "P", count: 2, index: 3 }, "the record P has 2 fields, index 3 given");
add("TypeMismatch", { kind: "recordArity", record: undefined, count: 2, index: "?" }, "the record undefined has 2 fields, index ? given");
add("TypeMismatch", { kind: "setterTarget", type: "[Int]" }, "a setter copies a tuple or a record, got [Int]");
add("TypeMismatch", { kind: "tupleField", key: "a" }, "a tuple has no field 'a'");
add("TypeMismatch", { what: "an argument", expected: "Int", found: "Str" }, "type mismatch in an argument: expected Int, found Str");
add("AmbiguousType", { kind: "setter" }, "cannot tell the type of the value this setter copies", "add a type signature");
add("AmbiguousType", { kind: "getter", index: 0 }, "cannot tell what the getter .0 reads from (a tuple or a record)", "add a type signature");
add("AmbiguousRecord", { kind: "field", key: "a", records: ["P", "Q"] }, "cannot tell which record's field 'a' this is (P, Q)", "add a type signature");
add("KeyError", { kind: "unknown", key: "z" }, "no record type has a field 'z'");
add("KeyError", { kind: "unknownFields", keys: ["a", "b"] }, "no record type has the fields a, b");
add("KeyError", { kind: "noFields", type: "Int", key: "a" }, "a value of type Int has no fields, so it has no 'a'");
add("KeyError", { kind: "noField", record: "P", key: "z" }, "the record P has no field 'z'");
add("DuplicateField", { kind: "setter", key: "a", index: 0 }, "the setter sets 'a' twice");
add("DuplicateField", { kind: "setter", index: 1 }, "the setter sets .1 twice");
add("RecursiveValue", { name: "x" }, "'x' is defined in terms of itself, so it has no value", "only functions may recur, and their base case needs a guard or a `|` clause");
add("WhereShadows", { name: "x" }, "where-clause binding shadows function parameter: x");
add("DuplicateWhere", { name: "y" }, "duplicate binding in where-clause: y");

// code generation and build
add("Unsupported", { kind: "rNul" }, "R does not support embedded NUL bytes in strings: this literal holds \\0 but runs in R", "compute it in Python or C++, or drop the NUL");
add("DocstringDirective", { kind: "unknown", key: "colour", known: ["arg", "name"], line: "colour: red" }, "unknown docstring directive 'colour' (recognized: arg, name); the line is kept as text", "write `--' \\colour: red` to keep it as text without this warning");
add("DocstringDirective", { kind: "unsupported", key: "with" }, "docstring directive 'with' is not supported yet; it is ignored");
add("MisplacedDirective", { kind: "notAboveParam", key: "arg" }, "docstring directive 'arg' is not above a parameter: write it inside a signature, above the parameter type it describes");
add("MisplacedDirective", { kind: "onFunction", key: "arg" }, "docstring directive 'arg' cannot be used to describe a function; argument directives must appear inside the signature, above the parameter type they describe");
add("MisplacedDirective", { kind: "needsSignature", key: "name", name: "f" }, "docstring directive 'name' above a declaration needs a signature: write it above `f :: ...`");
add("MisplacedDirective", { kind: "onReturn", key: "arg" }, "docstring directive 'arg' cannot describe the return type");
add("MisplacedDirective", { kind: "onParameter", key: "mime" }, "docstring directive 'mime' cannot describe a parameter");
add("BadCommandName", { kind: "duplicate", name: "go" }, "two commands are named 'go'");
add("BadCommandName", { kind: "invalid", name: "9x" }, "'9x' cannot name a command (use letters, digits, '_' and '-', starting with a letter)");
add("BadCommandName", { kind: "reserved", name: "mlcp_x" }, "the command name 'mlcp_x' uses the reserved `mlcp_` prefix");
add("DocumentedParamCount", { command: "f", documented: 3, takes: 2 }, "the signature of 'f' documents 3 parameters, but the command takes 2");
add("ConflictingDirectives", { kind: "notLast", key: "many" }, "'many' is allowed only on the last positional argument");
add("ConflictingDirectives", { kind: "notLast", key: "stdin" }, "'stdin' is allowed only on the last positional argument");
add("ConflictingDirectives", { kind: "combine", key: "many", other: "unroll" }, "'many' cannot be combined with 'unroll'");
add("ConflictingDirectives", { kind: "combine", key: "stdin", other: "true", positional: true }, "'stdin' cannot be combined with 'true': it describes a positional argument");
add("ConflictingDirectives", { kind: "combine", key: "stdin", other: "default" }, "'stdin' cannot be combined with 'default'");
add("ConflictingDirectives", { kind: "noop", key: "true" }, "'true' with 'default: true' is a no-op -- supplying the flag never changes the value");
add("ConflictingDirectives", { kind: "noop", key: "false" }, "'false' with 'default: false' is a no-op -- supplying the flag never changes the value");
add("BadOptionName", { kind: "duplicate", long: "x", by: ["arg:", "true:"], command: "f" }, "option long name '--x' is declared by arg:, true: in the command 'f'; each option needs its own name");
add("BadOptionName", { kind: "short", short: "1" }, "the short option '-1' must be an ASCII letter (digits are forbidden because they collide with negative number arguments)");
add("BadOptionName", { kind: "underscore", long: "_x" }, "the long option '--_x' cannot start with '_'");
add("BadOptionName", { kind: "help" }, "'-h' and '--help' are reserved for help");
add("BadDirectiveValue", { kind: "bool", key: "unroll", value: "yes" }, "'unroll' takes true or false, not 'yes'");
add("BadDirectiveValue", { kind: "checkPath", value: "q" }, "'check.path' takes r, w, x or rw, not 'q'");
add("BadDirectiveValue", { kind: "flagDefault", value: "1" }, "the default of a Bool flag must be true or false, not '1'");
add("BadDirectiveValue", { kind: "default", param: "n", reason: "not an Int" }, "the default of n: not an Int");
add("DirectiveTypeMismatch", { kind: "needs", key: "unroll", param: "c", type: "Int" }, "'unroll' needs a record parameter; c has the type Int");
add("DirectiveTypeMismatch", { kind: "needs", key: "many", param: "c", type: "Int" }, "'many' needs a list parameter; c has the type Int");
add("DirectiveTypeMismatch", { kind: "needs", key: "check.path", param: "c", type: "Int" }, "'check.path' needs a Str parameter; c has the type Int");
add("DirectiveTypeMismatch", { kind: "needs", key: "stdin", param: "c", type: "Int" }, "'stdin' needs a Str parameter (a path); c has the type Int");
add("DirectiveTypeMismatch", { kind: "flag", key: "false", param: "c", type: "Int" }, "'false' makes a Bool flag, but c has the type Int");
add("DirectiveTypeMismatch", { kind: "argOnBool" }, "'arg' cannot be used on a Bool parameter: use 'true:' or 'false:' to make a flag");
add("DirectiveTypeMismatch", { kind: "metavarOnFlag" }, "'metavar' cannot be used on a Bool flag");
add("DeprecatedDirective", { key: "literal", instead: "source: inline" }, "'literal' is deprecated: use `source: inline`");
add("OptionDefault", { kind: "missing", short: "n" }, "optional argument -n must be given a default value (add `--' default: ...`)");
add("OptionDefault", { kind: "missing", long: "count" }, "optional argument --count must be given a default value (add `--' default: ...`)");
add("OptionDefault", { kind: "positional", param: "n" }, "positional arguments are required and cannot take defaults; make it an option by adding an 'arg:' directive (e.g. `--' arg: --n`)");
add("OptionDefault", { kind: "unrolledField", key: "k", record: "cfg" }, "the field 'k' of the unrolled record cfg needs 'arg:' and 'default:' (or 'true:'/'false:' for a Bool)");

test("each converted error prints the message and hint its throw site printed before", () => {
  for (const [e, message, hint] of cases) expect([e.code, e.message, e.hint]).toEqual([e.code, message, hint]);
});

test("a throw site can no longer give message text in place of data", () => {
  // Bun does not type-check, so the constructor refuses text at run time.
  const text = () => new (CompileError as unknown as new (...a: unknown[]) => CompileError)("RefutablePattern", "a let binding's pattern must always match");
  expect(text).toThrow(/needs a code of src\/codes.ts and its data object/);
  const unknown = () => new (CompileError as unknown as new (...a: unknown[]) => CompileError)("NoSuchCode", {});
  expect(unknown).toThrow(/needs a code/);
});

test("no throw site in src/ passes message text", () => {
  // the constructor check above only fires when a site runs; this finds the sites no test reaches
  const sites: string[] = [];
  for (const f of new Bun.Glob("src/**/*.ts").scanSync({ cwd: ROOT })) {
    const text = readFileSync(join(ROOT, f), "utf8");
    for (const m of text.matchAll(/new CompileError\(\s*"[A-Za-z]+"\s*,\s*[`"']/g)) sites.push(`${f}:${text.slice(0, m.index).split("\n").length}`);
  }
  expect(sites).toEqual([]);
});
