// Every compiler error and warning code in one table: code -> title, message template and hint.
// A throw site names a code (a key of this table, so a typo does not compile) and gives the data
// its template needs: `new CompileError("UnboundTypeVariable", { name: "a" }, span)`. The renderer
// (src/diagnostics.ts) prints the message and hint made here; the title says what kind of error the
// code is, for documentation and tools. Codes with several shapes of message take a `kind`.

interface Entry<D> {
  title: string;
  message: (d: D) => string;
  hint?: (d: D) => string | undefined;
}

/** The entry of a code whose data is D (written out once per code in the table below). */
const entry = <D>(e: Entry<D>): Entry<D> => e;

/** A hint given by the throw site when it has one (a nearest name, say). */
type Suggestion = { suggestion?: string };

export const ERRORS = {
  // ---------------------------------------------------------------- parsing (src/frontend)
  SyntaxError: entry<
    | { kind?: undefined; message: string; hint?: string }
    | { kind: "rKeyword"; name: string }
    | { kind: "tsKeyword"; name: string; known: string }
    | { kind: "emptyBacktick" }
    | { kind: "groupThenAccessor" }
    | { kind: "mixedGroup" }
    | { kind: "bigIndex"; text: string }
  >({
    title: "syntax error",
    // the parser composes its own descriptions (what it found, what it expected); the AST
    // conversion's own checks have a kind
    message: (d) =>
      d.kind === undefined
        ? d.message
        : d.kind === "rKeyword"
          ? `R has no keyword operators: ${d.name} cannot be sourced from R`
          : d.kind === "tsKeyword"
            ? `${d.name} is not a TypeScript keyword operator (those are ${d.known})`
          : d.kind === "emptyBacktick"
            ? "empty backtick-quoted name"
            : d.kind === "groupThenAccessor"
              ? "a getter group .(...) cannot be followed by another accessor"
              : d.kind === "mixedGroup"
                ? "cannot mix getter and setter entries in .()"
                : `the index getter .${d.text} is too large`,
    hint: (d) =>
      d.kind === undefined
        ? d.hint
        : d.kind === "rKeyword"
          ? "write a small function in an R file and source it by name"
          : d.kind === "tsKeyword"
            ? "write a small function in a TypeScript file and source it by name, or source the symbol, e.g. (&&)"
          : d.kind === "emptyBacktick"
            ? "write the language's keyword operator between the backticks, e.g. `and`"
            : d.kind === "groupThenAccessor"
              ? "apply the group first, then the getter: .0 (.(.a, .b) r)"
              : undefined,
  }),
  BadSourcePath: entry<{ path: string }>({
    title: "a source path that cannot work",
    message: (d) => `the source path ${JSON.stringify(d.path)} contains a control character`,
    hint: () => "a path cannot hold newlines, tabs or other control characters",
  }),
  NotAPythonSource: entry<{ path: string }>({
    title: "a Python source that is not a .py file",
    message: (d) => `a Python source must be a .py file, not ${JSON.stringify(d.path)}`,
    hint: () => "Python imports a module from a file ending in .py: rename the file",
  }),
  IntegerOverflow: entry<{ kind: "literal"; text: string } | { kind: "cpp"; value: string; ctype: string; min: string; max: string }>({
    title: "an integer literal too large for its type",
    message: (d) =>
      d.kind === "literal"
        ? `integer literal ${d.text} overflows Int (64-bit: -9223372036854775808 to 9223372036854775807)`
        : `integer literal ${d.value} overflows the C++ type ${d.ctype} (${d.min} to ${d.max})`,
    hint: (d) => (d.kind === "literal" ? "a larger number needs a Real (write it with a decimal point)" : undefined),
  }),
  NumberIntOverflow: entry<{ value: string }>({
    title: "an Int literal too large for a TypeScript number",
    message: (d) => `integer literal ${d.value} is beyond what a TypeScript number holds exactly (2^53 - 1)`,
    hint: () => 'declare `type TS => Int = "bigint"`',
  }),
  RealOverflow: entry<{ kind: "literal"; text: string } | { kind: "cpp"; value: string; max: string }>({
    title: "a real literal too large for its type",
    message: (d) =>
      d.kind === "literal"
        ? `real literal ${d.text} overflows a 64-bit float (largest 1.7976931348623157e308)`
        : `real literal ${d.value} overflows the C++ type float (largest ${d.max})`,
    hint: (d) => (d.kind === "literal" ? "write a smaller number" : undefined),
  }),

  // ---------------------------------------------------------------- modules (src/resolve, src/cli)
  FileNotFound: entry<{ file: string }>({
    title: "no such file",
    message: (d) => `cannot read ${d.file}: no such file`,
    hint: () => "give the path of a .loc file",
  }),
  NotAFile: entry<{ file: string }>({
    title: "a folder given as the module file",
    message: (d) => `${d.file} is a folder, not a .loc file`,
  }),
  BadOutputPath: entry<{ out: string; why: string }>({
    title: "an output path the nexus must not be written to",
    message: (d) => `will not write the nexus to ${d.out}: ${d.why}`,
    hint: () => "give -o the path of a new file or of an earlier nexus",
  }),
  CannotLoadModule: entry<
    | { kind: "unreadable"; file: string }
    | { kind: "notDefined"; file: string; name: string }
    | { kind: "notFound"; name: string; tried: string[]; installable?: boolean }
  >({
    title: "a module that cannot be loaded",
    message: (d) =>
      d.kind === "unreadable" ? `cannot read file ${d.file}` : d.kind === "notDefined" ? `file ${d.file} does not define module ${d.name}` : `cannot find module '${d.name}'`,
    hint: (d) =>
      d.kind === "notFound" ? `searched: ${d.tried.join(", ")}${d.installable ? `; Maybe try running: morloc install ${d.name}` : ""}` : undefined,
  }),
  CyclicDependency: entry<{ cycle: string[] }>({
    title: "modules that import each other",
    message: (d) => `Cyclical import dependency in resolveImports: ${d.cycle.join(" -> ")}`,
  }),
  SelfImport: entry<{ module: string }>({
    title: "a module that imports itself",
    message: (d) => `Cyclical import dependency in resolveImports: module ${d.module} imports itself`,
  }),
  ImportExportError: entry<
    | ({ kind: "notExported"; importer: string; from: string; names: string[] } & Suggestion)
    | { kind: "method"; from: string; names: string[]; classes: string[] }
  >({
    title: "an import of a name the module does not export",
    message: (d) =>
      d.kind === "notExported"
        ? `The terms imported from '${d.importer}' are not exported from module '${d.from}': [${d.names.join(", ")}]`
        : `The terms [${d.names.join(", ")}] imported from '${d.from}' are typeclass methods (of ${d.classes.join(", ")}), which cannot be imported by name`,
    hint: (d) =>
      d.kind === "notExported"
        ? d.suggestion
        : `import the class instead: import ${d.from} (${d.classes.join(", ")}), or import ${d.from} () for its instances only`,
  }),
  UndefinedExport: entry<{ module: string; names: string[] } & Suggestion>({
    title: "an export of a name that is not defined",
    message: (d) => `Module '${d.module}' does not export the following terms or types: [${d.names.join(", ")}]`,
    hint: (d) => d.suggestion ?? "an export must be defined or imported in the module",
  }),
  NonSingularRoot: entry<{ kind: "cycle"; entry: string } | { kind: "several"; entry: string; roots: string[] }>({
    title: "no single main module",
    message: (d) =>
      d.kind === "cycle"
        ? `Cyclical import dependency in resolveImports: the modules of ${d.entry} import each other`
        : `unsupported multi-rooted module DAG: ${d.entry} holds several modules that nothing imports (${d.roots.join(", ")}); one must be the program`,
  }),

  // ---------------------------------------------------------------- types (src/types)
  ConflictingTypeAliases: entry<
    | { kind: "imported"; alias: string; first: string; second: string }
    | { kind: "twice"; name: string }
    | { kind: "mappings"; lang: string; name: string; other: string; owned: boolean }
  >({
    title: "two definitions of one type",
    message: (d) =>
      d.kind === "imported"
        ? `the type name ${d.alias} is imported for both ${d.first} and ${d.second}`
        : d.kind === "twice"
          ? `type ${d.name} is defined twice in different ways`
          : `two different ${d.lang} types are given for ${d.name}`,
    hint: (d) =>
      d.kind === "mappings"
        ? `the other one is at ${d.other}` + (d.owned ? "" : "; a module's own mapping overrides only those of the modules it imports")
        : undefined,
  }),
  SelfRecursiveTypeAlias: entry<{ kind: "alias" } | { kind: "mapping"; lang: string; type: string }>({
    title: "a type defined in terms of itself",
    message: (d) => (d.kind === "alias" ? "a type alias refers to itself" : `the ${d.lang} type mapping of ${d.type} refers to itself`),
  }),
  UnboundTypeVariable: entry<{ name: string }>({
    title: "a type variable that is not bound",
    message: (d) => `type variable '${d.name}' is not bound here`,
  }),
  ConcreteTypeInSignature: entry<Record<string, never>>({
    title: "a concrete type string in a general type",
    message: () => "a concrete type string may only stand on the right of a `Lang =>` type definition",
  }),
  HigherKindedType: entry<{ name: string }>({
    title: "a type variable applied to arguments",
    message: (d) => `applying the type variable '${d.name}' to arguments is not supported yet`,
  }),
  BadTypeAliasParameters: entry<{ name: string; want: number; given: number }>({
    title: "a type given the wrong number of parameters",
    message: (d) => `type ${d.name} takes ${d.want} parameter(s), given ${d.given}`,
  }),
  CannotInferConcreteType: entry<{ kind: "type"; lang: string; type: string } | { kind: "pass"; type: string }>({
    title: "a type that is not known where a language needs it",
    message: (d) =>
      d.kind === "type" ? `cannot decide a ${d.lang} type for the unknown type ${d.type}` : `cannot decide how to pass a value of unknown type ${d.type}`,
    hint: () => "add a type annotation",
  }),
  MissingConcreteType: entry<{ lang: string; type: string; example: string }>({
    title: "a type with no mapping in a language",
    message: (d) => `no ${d.lang} type is given for ${d.type}`,
    hint: (d) => `add a mapping such as \`type ${d.lang} => ${d.example} = "..."\`, or import the types module`,
  }),
  FunctionSerialization: entry<{ kind: "pass"; type: string } | { kind: "cross"; name: string; type: string }>({
    title: "a function passed between languages",
    message: (d) =>
      d.kind === "pass"
        ? `a function (${d.type}) cannot be passed between languages`
        : `the function ${d.name} :: ${d.type} would have to cross from one language to another, which is not supported`,
  }),
  SerializationError: entry<
    | { kind: "uncovered"; type: string; heads: string[] }
    | { kind: "unknown"; type: string; name: string }
    | { kind: "noPacker"; lang: string; dir: "pack" | "unpack"; type: string; general?: boolean }
  >({
    title: "a value with no way to pass it between languages",
    message: (d) =>
      d.kind === "uncovered"
        ? `no Packable instance covers ${d.type}: the instances given are for ${d.heads.join(", ")}`
        : d.kind === "unknown"
          ? `no way is known to pass a ${d.type} between languages`
          : `no ${d.lang} ${d.dir} function is given for ${d.type}`,
    hint: (d) =>
      d.kind === "uncovered"
        ? `add a Packable instance for ${d.type} or a more general one`
        : d.kind === "unknown"
          ? `give it a Packable instance, e.g. \`instance Packable ([k],[v]) (${d.name} k v)\` with pack and unpack sources in each language`
          : d.general
            ? `add a Packable instance for ${d.type} (or a more general one) with ${d.lang} sources`
            : `add a Packable instance with ${d.lang} sources`,
  }),
  ValueContradiction: entry<{ name: string; where: string; other: string }>({
    title: "declarations that contradict each other",
    message: (d) => `the declarations of '${d.name}' contradict each other: ${d.where}`,
    hint: (d) => `the other declaration is at ${d.other}`,
  }),
  TypeMismatch: entry<
    | { kind?: undefined; what: string; expected: string; found: string; detail?: string }
    | { kind: "setterBracket" }
    | { kind: "bracketOnNonList"; accessor: string; type: string }
    | { kind: "indexOnList"; index: number }
    | { kind: "indexOnOther"; index: number; type: string }
    | { kind: "tupleArity"; arity: number; index: number | string }
    | { kind: "recordArity"; record: string | undefined; count: number; index: number | string }
    | { kind: "setterTarget"; type: string }
    | { kind: "tupleField"; key: string }
  >({
    title: "a type mismatch",
    message: (d) => {
      switch (d.kind) {
        case undefined:
          return `type mismatch in ${d.what}: expected ${d.expected}, found ${d.found}${d.detail ? ` (${d.detail})` : ""}`;
        case "setterBracket":
          return "a setter path takes field names and tuple indices, not brackets";
        case "bracketOnNonList":
          return `the bracket accessor ${d.accessor} takes a list, got ${d.type}`;
        case "indexOnList":
          return `Index getter .${d.index} requires a tuple or record, got a list. Use 'head' or '!!' for list access`;
        case "indexOnOther":
          return `Index getter .${d.index} requires a tuple or record, got ${d.type}`;
        case "tupleArity":
          return `tuple arity ${d.arity} required, index ${d.index} given`;
        case "recordArity":
          return `the record ${d.record} has ${d.count} fields, index ${d.index} given`;
        case "setterTarget":
          return `a setter copies a tuple or a record, got ${d.type}`;
        case "tupleField":
          return `a tuple has no field '${d.key}'`;
      }
    },
    hint: (d) => (d.kind === "bracketOnNonList" ? "use a field or index getter (.name, .0) on tuples and records" : undefined),
  }),
  GenericExport: entry<{ name: string; type: string }>({
    title: "an export with a generic type",
    message: (d) => `the export '${d.name}' has the generic type ${d.type}; a command needs concrete types`,
    hint: (d) => `declare a specific version, e.g. \`${d.name}Real :: ...\` with \`${d.name}Real = ${d.name}\``,
  }),
  GeneralSignature: entry<{ name: string; general: string; specialised: string; generics: string[] }>({
    title: "a signature more general than its definition (a warning)",
    message: (d) =>
      `the signature of '${d.name}' is more general than its definition: it says ${d.general}, but the definition allows only ${d.specialised}, so it is compiled at that type`,
    hint: (d) => `write the signature as \`${[d.name, ...d.generics].join(" ")} :: ${d.specialised}\``,
  }),
  NotACommand: entry<{ name: string; reason: string; hint?: string }>({
    title: "an export of (*) that cannot be a command (a warning)",
    message: (d) => `'${d.name}' is exported by (*) but is not a command: ${d.reason}`,
    hint: (d) => d.hint,
  }),
  NoImplementation: entry<{ kind: "signatureOnly"; name: string } | { kind: "unusable"; name: string; langs: string; supported: string[] }>({
    title: "a term with no implementation to run",
    message: (d) =>
      d.kind === "signatureOnly"
        ? `'${d.name}' has a signature but no implementation (no source and no declaration)`
        : `no usable implementation of ${d.name}${d.langs ? ` (sourced only in: ${d.langs}; supported: ${d.supported.join(", ")})` : ""}`,
  }),
  MissingGeneralSignature: entry<{ kind: "sourced"; name: string } | { kind: "method"; name: string }>({
    title: "a sourced function or method without a signature",
    message: (d) => (d.kind === "sourced" ? `the sourced function '${d.name}' has no type signature` : `the method '${d.name}' has instances but no signature in a class`),
    hint: (d) => (d.kind === "sourced" ? `add a line such as \`${d.name} :: Real -> Real\`` : undefined),
  }),
  RecursiveDefinition: entry<{ kind: "instances" } | { kind: "declaration"; name: string }>({
    title: "a definition in terms of itself",
    message: (d) => (d.kind === "instances" ? "class instances refer to each other without end" : `'${d.name}' is defined in terms of itself; recursion is not supported`),
  }),
  InstanceSizeMismatch: entry<{ cls: string; given: number; want: number }>({
    title: "an instance with the wrong number of types",
    message: (d) => `this instance of ${d.cls} gives ${d.given} type(s), but the class takes ${d.want}`,
    hint: (d) => (d.given < d.want ? "write each type of a multi-parameter instance in parentheses: `instance C (Int) (Str)`" : undefined),
  }),
  AmbiguousInstances: entry<{ name: string }>({
    title: "an instance that cannot be chosen",
    message: (d) => `cannot tell which instance of '${d.name}' to use: its type is not known here`,
    hint: () => "add a type annotation or a signature",
  }),
  NoInstanceFound: entry<{ name: string; type: string }>({
    title: "no instance for a type",
    message: (d) => `no instance of '${d.name}' for ${d.type}`,
  }),
  DuplicateField: entry<{ kind?: "literal"; field: string } | { kind: "pattern"; field: string } | { kind: "setter"; key?: string; index: number }>({
    title: "a field given twice",
    message: (d) =>
      d.kind === "setter"
        ? `the setter sets ${d.key !== undefined ? `'${d.key}'` : `.${d.index}`} twice`
        : `duplicate field in record ${d.kind === "pattern" ? "pattern" : "literal"}: ${d.field}`,
  }),
  UnknownRecord: entry<{ fields: string[] }>({
    title: "a record literal of no known record type",
    message: (d) => `no record type has exactly the fields ${d.fields.join(", ")}`,
  }),
  AmbiguousRecord: entry<{ kind: "literal"; fields: string[]; records: string[] } | { kind: "field"; key: string; records: string[] }>({
    title: "a record that cannot be told from others",
    message: (d) =>
      d.kind === "literal"
        ? `several record types have the fields ${d.fields.join(", ")}: ${d.records.join(", ")}`
        : `cannot tell which record's field '${d.key}' this is (${d.records.join(", ")})`,
    hint: (d) => (d.kind === "literal" ? "annotate the literal with its type" : "add a type signature"),
  }),
  KeyError: entry<
    | { kind: "unknown"; key: string }
    | { kind: "unknownFields"; keys: string[] }
    | { kind: "noFields"; type: string; key: string }
    | ({ kind: "noField"; record: string; key: string } & Suggestion)
  >({
    title: "a field that does not exist",
    message: (d) =>
      d.kind === "unknown"
        ? `no record type has a field '${d.key}'`
        : d.kind === "unknownFields"
          ? `no record type has the fields ${d.keys.join(", ")}`
          : d.kind === "noFields"
            ? `a value of type ${d.type} has no fields, so it has no '${d.key}'`
            : `the record ${d.record} has no field '${d.key}'`,
    hint: (d) => (d.kind === "noField" ? d.suggestion : undefined),
  }),
  UnboundVariable: entry<({ kind?: undefined; name: string; module: string } & Suggestion) | { kind: "literalEq" }>({
    title: "a name that is not defined",
    message: (d) => (d.kind === "literalEq" ? "a literal pattern is tested with `==`, which is not in scope" : `'${d.name}' is not defined in module ${d.module}`),
    hint: (d) => (d.kind === "literalEq" ? 'define or import (==), e.g. `source Py from "ops.py" ("eq" as (==))`' : d.suggestion),
  }),
  AmbiguousType: entry<{ kind: "setter" } | { kind: "getter"; index: number }>({
    title: "a value whose type cannot be told",
    message: (d) =>
      d.kind === "setter" ? "cannot tell the type of the value this setter copies" : `cannot tell what the getter .${d.index} reads from (a tuple or a record)`,
    hint: () => "add a type signature",
  }),
  RefutablePattern: entry<Record<string, never>>({
    title: "a let pattern that may not match",
    message: () => "a let binding's pattern must always match (no literals)",
    hint: () => "match literals with `|` clauses",
  }),
  NonExhaustive: entry<{ name: string }>({
    title: "clauses that do not cover every value",
    message: (d) => `the \`|\` clauses of '${d.name}' are not exhaustive; add a final catch-all clause`,
    hint: () => "end with a clause whose patterns are all variables or `_`",
  }),
  ClauseArity: entry<{ name: string; first: number; given: number }>({
    title: "clauses that bind different numbers of arguments",
    message: (d) => `all \`|\` clauses of '${d.name}' must bind the same number of arguments`,
    hint: (d) => `the first clause binds ${d.first}, this one ${d.given}`,
  }),
  DuplicateBinder: entry<{ name: string; params?: boolean }>({
    title: "a name bound twice in one pattern",
    message: (d) => `duplicate binder in pattern: ${d.name}`,
    hint: (d) => (d.params ? "each name may be bound once among a definition's parameters" : undefined),
  }),
  RecursiveValue: entry<{ name: string }>({
    title: "a value defined in terms of itself",
    message: (d) => `'${d.name}' is defined in terms of itself, so it has no value`,
    hint: () => "only functions may recur, and their base case needs a guard or a `|` clause",
  }),
  WhereShadows: entry<{ name: string }>({
    title: "a where-clause binding that hides a parameter",
    message: (d) => `where-clause binding shadows function parameter: ${d.name}`,
  }),
  DuplicateWhere: entry<{ name: string }>({
    title: "a where-clause name bound twice",
    message: (d) => `duplicate binding in where-clause: ${d.name}`,
  }),
  ApplicationOfNonFunction: entry<{ count: number; type: string }>({
    title: "a value applied as a function",
    message: (d) => `this is applied to ${d.count} argument(s), but its type ${d.type} is not a function`,
  }),

  // ---------------------------------------------------------------- code generation and build
  Unsupported: entry<{ kind: "foreignParam" } | { kind: "localFunction" } | { kind: "rNul" }>({
    title: "a form the compiler does not support yet",
    message: (d) =>
      d.kind === "foreignParam"
        ? "a command without foreign calls may only use its own parameters"
        : d.kind === "localFunction"
          ? "functions inside a command that calls no sourced function are not supported yet"
          : "R does not support embedded NUL bytes in strings: this literal holds \\0 but runs in R",
    hint: (d) => (d.kind === "rNul" ? "compute it in Python or C++, or drop the NUL" : undefined),
  }),
  MissingSourceFile: entry<{ language: string; file: string }>({
    title: "a source file that cannot be read",
    message: (d) => `cannot read the ${d.language} source file ${d.file}`,
  }),
  PythonSyntaxError: entry<{ message: string }>({
    title: "a Python source that does not compile",
    message: (d) => `Python cannot compile this file: ${d.message}`,
  }),
  RSyntaxError: entry<{ message: string }>({
    title: "an R source that does not parse",
    message: (d) => `R cannot parse this file: ${d.message}`,
  }),
  TypeScriptBuildError: entry<{ message: string }>({
    title: "a TypeScript source that does not bundle",
    message: (d) => `Bun cannot bundle this TypeScript file: ${d.message}`,
  }),
  UndefinedLabel: entry<{ label: string; config: string }>({
    title: "a call labelled with a group the module configuration does not define",
    message: (d) => `Undefined label '${d.label}': no matching entry in module config labeled-groups`,
    hint: (d) => `define it in ${d.config}:\n  labeled-groups:\n    ${d.label}:\n      cache: true`,
  }),
  UnusedLabel: entry<{ label: string }>({
    title: "a group of the module configuration that no call uses",
    message: (d) => `label '${d.label}' is defined in labeled-groups but no call uses it`,
    hint: (d) => `label a call with it (\`${d.label}@f x\`) or remove the group`,
  }),
  LabelTarget: entry<{ label: string; name: string }>({
    title: "a label on something that is not a call of a function",
    message: (d) => `the label '${d.label}' must name a function call, but '${d.name}' is not a function whose call can be labelled`,
    hint: () => "label a sourced function or a declaration whose body is a function call",
  }),
  BadConfig: entry<{ message: string }>({
    title: "a module configuration (<module>.yaml) that is not valid",
    message: (d) => d.message,
  }),
  DocstringDirective: entry<{ kind: "unknown"; key: string; known: string[]; line: string } | { kind: "unsupported"; key: string }>({
    title: "a docstring directive that is ignored (a warning)",
    message: (d) =>
      d.kind === "unknown"
        ? `unknown docstring directive '${d.key}' (recognized: ${d.known.join(", ")}); the line is kept as text`
        : `docstring directive '${d.key}' is not supported yet; it is ignored`,
    hint: (d) => (d.kind === "unknown" ? `write \`--' \\${d.line}\` to keep it as text without this warning` : undefined),
  }),
  MisplacedDirective: entry<
    | { kind: "notAboveParam" | "onFunction" | "onReturn" | "onParameter"; key: string }
    | { kind: "needsSignature"; key: string; name: string }
  >({
    title: "a docstring directive where it describes nothing",
    message: (d) => {
      switch (d.kind) {
        case "notAboveParam":
          return `docstring directive '${d.key}' is not above a parameter: write it inside a signature, above the parameter type it describes`;
        case "onFunction":
          return `docstring directive '${d.key}' cannot be used to describe a function; argument directives must appear inside the signature, above the parameter type they describe`;
        case "onReturn":
          return `docstring directive '${d.key}' cannot describe the return type`;
        case "onParameter":
          return `docstring directive '${d.key}' cannot describe a parameter`;
        case "needsSignature":
          return `docstring directive '${d.key}' above a declaration needs a signature: write it above \`${d.name} :: ...\``;
      }
    },
  }),
  DeprecatedDirective: entry<{ key: string; instead: string }>({
    title: "a docstring directive that is no longer read",
    message: (d) => `'${d.key}' is deprecated: use \`${d.instead}\``,
  }),
  BadCommandName: entry<{ kind: "invalid" | "reserved" | "duplicate"; name: string }>({
    title: "a command name that cannot be used",
    message: (d) =>
      d.kind === "invalid"
        ? `'${d.name}' cannot name a command (use letters, digits, '_' and '-', starting with a letter)`
        : d.kind === "reserved"
          ? `the command name '${d.name}' uses the reserved \`mlcp_\` prefix`
          : `two commands are named '${d.name}'`,
  }),
  DocumentedParamCount: entry<{ command: string; documented: number; takes: number }>({
    title: "a signature documenting more or fewer parameters than the command takes",
    message: (d) => `the signature of '${d.command}' documents ${d.documented} parameters, but the command takes ${d.takes}`,
  }),
  BadDirectiveValue: entry<
    | { kind: "bool"; key: string; value: string }
    | { kind: "checkPath"; value: string }
    | { kind: "flagDefault"; value: string }
    | { kind: "default"; param: string; reason: string }
  >({
    title: "a docstring directive value that cannot be read",
    message: (d) =>
      d.kind === "bool"
        ? `'${d.key}' takes true or false, not '${d.value}'`
        : d.kind === "checkPath"
          ? `'check.path' takes r, w, x or rw, not '${d.value}'`
          : d.kind === "flagDefault"
            ? `the default of a Bool flag must be true or false, not '${d.value}'`
            : `the default of ${d.param}: ${d.reason}`,
  }),
  DirectiveTypeMismatch: entry<
    | { kind: "needs"; key: "unroll" | "many" | "check.path" | "stdin"; param: string; type: string }
    | { kind: "flag"; key: "true" | "false"; param: string; type: string }
    | { kind: "argOnBool" }
    | { kind: "metavarOnFlag" }
  >({
    title: "a docstring directive on a parameter of the wrong type",
    message: (d) => {
      const needs = { unroll: "a record parameter", many: "a list parameter", "check.path": "a Str parameter", stdin: "a Str parameter (a path)" };
      switch (d.kind) {
        case "needs":
          return `'${d.key}' needs ${needs[d.key]}; ${d.param} has the type ${d.type}`;
        case "flag":
          return `'${d.key}' makes a Bool flag, but ${d.param} has the type ${d.type}`;
        case "argOnBool":
          return "'arg' cannot be used on a Bool parameter: use 'true:' or 'false:' to make a flag";
        case "metavarOnFlag":
          return "'metavar' cannot be used on a Bool flag";
      }
    },
  }),
  ConflictingDirectives: entry<
    | { kind: "notLast"; key: "many" | "stdin" }
    | { kind: "combine"; key: string; other: string; positional?: boolean }
    | { kind: "noop"; key: "true" | "false" }
  >({
    title: "docstring directives that do not fit together",
    message: (d) =>
      d.kind === "notLast"
        ? `'${d.key}' is allowed only on the last positional argument`
        : d.kind === "combine"
          ? `'${d.key}' cannot be combined with '${d.other}'${d.positional ? ": it describes a positional argument" : ""}`
          : `'${d.key}' with 'default: ${d.key}' is a no-op -- supplying the flag never changes the value`,
  }),
  BadOptionName: entry<
    | { kind: "short"; short: string }
    | { kind: "underscore"; long: string }
    | { kind: "help" }
    | { kind: "duplicate"; long: string; by: string[]; command: string }
  >({
    title: "an option name that cannot be used",
    message: (d) =>
      d.kind === "short"
        ? `the short option '-${d.short}' must be an ASCII letter (digits are forbidden because they collide with negative number arguments)`
        : d.kind === "underscore"
          ? `the long option '--${d.long}' cannot start with '_'`
          : d.kind === "help"
            ? "'-h' and '--help' are reserved for help"
            : `option long name '--${d.long}' is declared by ${d.by.join(", ")} in the command '${d.command}'; each option needs its own name`,
  }),
  OptionDefault: entry<
    | { kind: "missing"; short?: string; long?: string }
    | { kind: "positional"; param: string }
    | { kind: "unrolledField"; key: string; record: string }
  >({
    title: "an option without a default, or a positional argument with one",
    message: (d) =>
      d.kind === "missing"
        ? `optional argument ${d.short ? "-" + d.short : "--" + d.long} must be given a default value (add \`--' default: ...\`)`
        : d.kind === "positional"
          ? `positional arguments are required and cannot take defaults; make it an option by adding an 'arg:' directive (e.g. \`--' arg: --${d.param}\`)`
          : `the field '${d.key}' of the unrolled record ${d.record} needs 'arg:' and 'default:' (or 'true:'/'false:' for a Bool)`,
  }),
  UntrustedCache: entry<{ what: string; reason: string }>({
    title: "a cache folder that may not be used (a warning)",
    message: (d) => `not using the ${d.what} cache: ${d.reason}`,
  }),
} as const;

export type ErrorCode = keyof typeof ERRORS;

/** The data a code's message template takes. */
export type ErrorData<C extends ErrorCode> = (typeof ERRORS)[C] extends Entry<infer D> ? D : never;
