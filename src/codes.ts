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
  SyntaxError: entry<{ message: string; hint?: string }>({
    title: "syntax error",
    // the parser composes its own descriptions (what it found, what it expected)
    message: (d) => d.message,
    hint: (d) => d.hint,
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
  CannotLoadModule: entry<{ kind: "unreadable"; file: string } | { kind: "notDefined"; file: string; name: string } | { kind: "notFound"; name: string; tried: string[] }>({
    title: "a module that cannot be loaded",
    message: (d) =>
      d.kind === "unreadable" ? `cannot read file ${d.file}` : d.kind === "notDefined" ? `file ${d.file} does not define module ${d.name}` : `cannot find module '${d.name}'`,
    hint: (d) => (d.kind === "notFound" ? `searched: ${d.tried.join(", ")}` : undefined),
  }),
  CyclicDependency: entry<{ module: string; cycle: string[] }>({
    title: "modules that import each other",
    message: (d) => `module ${d.module} imports itself through a cycle: ${d.cycle.join(" -> ")}`,
  }),
  SelfImport: entry<{ module: string }>({
    title: "a module that imports itself",
    message: (d) => `module ${d.module} imports itself`,
  }),
  ImportExportError: entry<{ module: string; name: string; from: string } & Suggestion>({
    title: "an import of a name the module does not export",
    message: (d) => `module ${d.module} imports '${d.name}' from module ${d.from}, which does not export it`,
    hint: (d) => d.suggestion,
  }),
  UndefinedExport: entry<{ module: string; name: string } & Suggestion>({
    title: "an export of a name that is not defined",
    message: (d) => `module ${d.module} exports '${d.name}', but no term or type of that name is defined or imported there`,
    hint: (d) => d.suggestion,
  }),
  NonSingularRoot: entry<{ kind: "cycle"; entry: string } | { kind: "several"; entry: string; roots: string[] }>({
    title: "no single main module",
    message: (d) =>
      d.kind === "cycle"
        ? `the modules of ${d.entry} import each other in a cycle`
        : `${d.entry} holds several modules that nothing imports (${d.roots.join(", ")}); one must be the program`,
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
  TypeMismatch: entry<{ what: string; expected: string; found: string; detail?: string }>({
    title: "a type mismatch",
    message: (d) => `type mismatch in ${d.what}: expected ${d.expected}, found ${d.found}${d.detail ? ` (${d.detail})` : ""}`,
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
  DuplicateField: entry<{ field: string }>({
    title: "a field given twice",
    message: (d) => `duplicate field in record literal: ${d.field}`,
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
  KeyError: entry<{ kind: "unknown"; key: string } | { kind: "noFields"; type: string; key: string } | ({ kind: "noField"; record: string; key: string } & Suggestion)>({
    title: "a field that does not exist",
    message: (d) =>
      d.kind === "unknown"
        ? `no record type has a field '${d.key}'`
        : d.kind === "noFields"
          ? `a value of type ${d.type} has no fields, so it has no '${d.key}'`
          : `the record ${d.record} has no field '${d.key}'`,
    hint: (d) => (d.kind === "noField" ? d.suggestion : undefined),
  }),
  UnboundVariable: entry<{ name: string; module: string } & Suggestion>({
    title: "a name that is not defined",
    message: (d) => `'${d.name}' is not defined in module ${d.module}`,
    hint: (d) => d.suggestion,
  }),
  ApplicationOfNonFunction: entry<{ count: number; type: string }>({
    title: "a value applied as a function",
    message: (d) => `this is applied to ${d.count} argument(s), but its type ${d.type} is not a function`,
  }),

  // ---------------------------------------------------------------- code generation and build
  Unsupported: entry<{ kind: "foreignParam" } | { kind: "localFunction" }>({
    title: "a form the compiler does not support yet",
    message: (d) =>
      d.kind === "foreignParam"
        ? "a command without foreign calls may only use its own parameters"
        : "functions inside a command that calls no sourced function are not supported yet",
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
  UntrustedCache: entry<{ what: string; reason: string }>({
    title: "a cache folder that may not be used (a warning)",
    message: (d) => `not using the ${d.what} cache: ${d.reason}`,
  }),
} as const;

export type ErrorCode = keyof typeof ERRORS;

/** The data a code's message template takes. */
export type ErrorData<C extends ErrorCode> = (typeof ERRORS)[C] extends Entry<infer D> ? D : never;
