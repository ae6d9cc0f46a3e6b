// The table of library functions checked end to end: each row becomes one exported command of a
// generated module (one module per language), run with its JSON arguments; stdout must match.

export interface Row {
  /** The exported command; also the name of the local declaration. */
  name: string;
  /** Its general signature, with concrete types (a generic export needs them fixed). */
  sig: string;
  /** The declaration after the name, e.g. "xs = map fst xs". */
  decl: string;
  args: string[];
  /** Expected stdout (trimmed), or a nonzero exit with a stderr pattern for a failing call. */
  out: string | { fails: RegExp };
}

/** Rows for both cppbase and pybase (everything here exists in both). */
const plain: Row[] = [
  { name: "mapFst", sig: "[(Int, Str)] -> [Int]", decl: "xs = map fst xs", args: ['[[1,"a"],[2,"b"]]'], out: "[1,2]" },
  { name: "mapSnd", sig: "[(Int, Str)] -> [Str]", decl: "xs = map snd xs", args: ['[[1,"a"],[2,"b"]]'], out: '["a","b"]' },
  { name: "mapEmpty", sig: "[Real] -> [Real]", decl: "xs = map (\\x -> x) xs", args: ["[]"], out: "[]" },
  { name: "foldLast", sig: "[Real] -> Real", decl: "xs = fold (\\b x -> x) 0.0 xs", args: ["[1,2,3.5]"], out: "3.5" },
  { name: "foldFirst", sig: "[Int] -> Int", decl: "xs = fold (\\b x -> b) 7 xs", args: ["[1,2]"], out: "7" },
  { name: "foldEmpty", sig: "[Real] -> Real", decl: "xs = fold (\\b x -> x) 0.5 xs", args: ["[]"], out: "0.5" },
  { name: "zipPairs", sig: "[Int] -> [Str] -> [(Int, Str)]", decl: "xs ys = zipWith (\\a b -> (a, b)) xs ys",
    args: ["[1,2,3]", '["a","b"]'], out: '[[1,"a"],[2,"b"]]' },
  { name: "zipSwap", sig: "[Int] -> [Str] -> [(Str, Int)]", decl: "xs ys = zipWith (\\a b -> (b, a)) xs ys",
    args: ["[1,2]", '["a","b","c"]'], out: '[["a",1],["b",2]]' },
  { name: "headI", sig: "[Int] -> Int", decl: "xs = head xs", args: ["[4,5,6]"], out: "4" },
  { name: "headEmpty", sig: "[Int] -> Int", decl: "xs = head xs", args: ["[]"], out: { fails: /head: empty list/ } },
  { name: "lastS", sig: "[Str] -> Str", decl: "xs = last xs", args: ['["x","y"]'], out: '"y"' },
  { name: "initI", sig: "[Int] -> [Int]", decl: "xs = init xs", args: ["[1,2,3]"], out: "[1,2]" },
  { name: "tailI", sig: "[Int] -> [Int]", decl: "xs = tail xs", args: ["[1,2,3]"], out: "[2,3]" },
  { name: "takeI", sig: "Int -> [Int] -> [Int]", decl: "n xs = take n xs", args: ["2", "[4,5,6]"], out: "[4,5]" },
  { name: "takeMore", sig: "Int -> [Int] -> [Int]", decl: "n xs = take n xs", args: ["9", "[4,5]"], out: "[4,5]" },
  { name: "dropI", sig: "Int -> [Int] -> [Int]", decl: "n xs = drop n xs", args: ["1", "[4,5,6]"], out: "[5,6]" },
  { name: "dropNeg", sig: "Int -> [Int] -> [Int]", decl: "n xs = drop n xs", args: ["-1", "[4,5]"], out: "[4,5]" },
  { name: "fstP", sig: "(Int, Str) -> Int", decl: "p = fst p", args: ['[1,"a"]'], out: "1" },
  { name: "sndP", sig: "(Int, Str) -> Str", decl: "p = snd p", args: ['[1,"a"]'], out: '"a"' },
  { name: "fst3P", sig: "(Int, Str, Bool) -> Int", decl: "p = fst3 p", args: ['[1,"a",true]'], out: "1" },
  { name: "snd3P", sig: "(Int, Str, Bool) -> Str", decl: "p = snd3 p", args: ['[1,"a",true]'], out: '"a"' },
  { name: "thr3P", sig: "(Int, Str, Bool) -> Bool", decl: "p = thr3 p", args: ['[1,"a",true]'], out: "true" },
  { name: "idS", sig: "Str -> Str", decl: "s = id s", args: ['"hi"'], out: '"hi"' },
  { name: "idList", sig: "[[Real]] -> [[Real]]", decl: "x = id x", args: ["[[1.5],[]]"], out: "[[1.5],[]]" },
  { name: "constI", sig: "Int -> Str -> Int", decl: "x y = const x y", args: ["3", '"x"'], out: "3" },
  { name: "seqS", sig: "Int -> Str -> Str", decl: "x y = seq x y", args: ["3", '"x"'], out: '"x"' },
  { name: "atI", sig: "[Int] -> Int -> Int", decl: "xs i = at xs i", args: ["[4,5,6]", "2"], out: "6" },
  { name: "atOut", sig: "[Int] -> Int -> Int", decl: "xs i = at xs i", args: ["[4]", "3"], out: { fails: /at: index 3/ } },
  { name: "enumI", sig: "[Str] -> [(Str, Int)]", decl: "xs = enumerateWith (\\x i -> (x, i)) xs",
    args: ['["a","b"]'], out: '[["a",0],["b",1]]' },
  { name: "joinI", sig: "[Int] -> [Int] -> [Int]", decl: "xs ys = join xs ys", args: ["[1]", "[2,3]"], out: "[1,2,3]" },
  { name: "appendI", sig: "[Int] -> Int -> [Int]", decl: "xs x = append xs x", args: ["[1,2]", "3"], out: "[1,2,3]" },
  { name: "keepTrue", sig: "[Bool] -> [Bool]", decl: "xs = filter (\\x -> x) xs", args: ["[true,false,true]"], out: "[true,true]" },
  { name: "filterFst", sig: "[(Bool, Int)] -> [(Bool, Int)]", decl: "xs = filter fst xs",
    args: ["[[true,1],[false,2],[true,3]]"], out: "[[true,1],[true,3]]" },
  { name: "ifelseI", sig: "Bool -> Int -> Int -> Int", decl: "c a b = ifelse c a b", args: ["false", "1", "2"], out: "2" },
  { name: "notB", sig: "Bool -> Bool", decl: "x = not x", args: ["true"], out: "false" },
  { name: "andB", sig: "Bool -> Bool -> Bool", decl: "x y = and x y", args: ["true", "false"], out: "false" },
  { name: "orB", sig: "Bool -> Bool -> Bool", decl: "x y = or x y", args: ["false", "true"], out: "true" },
  { name: "mapNot", sig: "[Bool] -> [Bool]", decl: "xs = map not xs", args: ["[true,false]"], out: "[false,true]" },
];

/** Class methods (instances in cppbase and pybase); both languages must agree, negative operands included. */
export const methodRows: Row[] = [
  { name: "addI", sig: "Int -> Int -> Int", decl: "x y = add x y", args: ["2", "3"], out: "5" },
  { name: "addR", sig: "Real -> Real -> Real", decl: "x y = add x y", args: ["2", "0.5"], out: "2.5" },
  { name: "subI", sig: "Int -> Int -> Int", decl: "x y = sub x y", args: ["2", "5"], out: "-3" },
  { name: "mulR", sig: "Real -> Real -> Real", decl: "x y = mul x y", args: ["1.5", "4"], out: "6.0" },
  { name: "negR", sig: "Real -> Real", decl: "x = neg x", args: ["2"], out: "-2.0" },
  { name: "divI", sig: "Int -> Int -> Int", decl: "x y = div x y", args: ["7", "2"], out: "3" },
  { name: "divINeg", sig: "Int -> Int -> Int", decl: "x y = div x y", args: ["-7", "2"], out: "-4" },
  { name: "divIZero", sig: "Int -> Int -> Int", decl: "x y = div x y", args: ["1", "0"], out: { fails: /zero/ } },
  { name: "divR", sig: "Real -> Real -> Real", decl: "x y = div x y", args: ["7", "2"], out: "3.5" },
  { name: "modI", sig: "Int -> Int -> Int", decl: "x y = mod x y", args: ["7", "3"], out: "1" },
  { name: "modINeg", sig: "Int -> Int -> Int", decl: "x y = mod x y", args: ["-7", "3"], out: "2" },
  { name: "modR", sig: "Real -> Real -> Real", decl: "x y = mod x y", args: ["7.5", "2"], out: "1.5" },
  { name: "modRNeg", sig: "Real -> Real -> Real", decl: "x y = mod x y", args: ["-7.5", "2"], out: "0.5" },
  { name: "zeroI", sig: "Int -> Int", decl: "x = add x zero", args: ["4"], out: "4" },
  { name: "oneR", sig: "Real -> Real", decl: "x = add x one", args: ["4"], out: "5.0" },
  { name: "sumR", sig: "[Real] -> Real", decl: "xs = fold add zero xs", args: ["[1,2.5]"], out: "3.5" },
  { name: "productI", sig: "[Int] -> Int", decl: "xs = fold mul one xs", args: ["[2,3,4]"], out: "24" },
  { name: "showR", sig: "Real -> Str", decl: "x = show x", args: ["2"], out: '"2.0"' },
  { name: "showRTenth", sig: "Real -> Str", decl: "x = show x", args: ["0.1"], out: '"0.1"' },
  { name: "showI", sig: "Int -> Str", decl: "x = show x", args: ["-42"], out: '"-42"' },
  { name: "sizeL", sig: "[Real] -> Int", decl: "xs = size xs", args: ["[1,2]"], out: "2" },
  { name: "sizeS", sig: "Str -> Int", decl: "s = size s", args: ['"abc"'], out: "3" },
  { name: "eqS", sig: "Str -> Str -> Bool", decl: "x y = eq x y", args: ['"a"', '"a"'], out: "true" },
  { name: "neI", sig: "Int -> Int -> Bool", decl: "x y = ne x y", args: ["1", "1"], out: "false" },
  { name: "ltI", sig: "Int -> Int -> Bool", decl: "x y = lt x y", args: ["1", "2"], out: "true" },
  { name: "geR", sig: "Real -> Real -> Bool", decl: "x y = ge x y", args: ["1", "2"], out: "false" },
  { name: "filterGt", sig: "[Int] -> [Int]", decl: "xs = filter (\\x -> gt x 2) xs", args: ["[1,3,2,5]"], out: "[3,5]" },
  { name: "mapShow", sig: "[Int] -> [Str]", decl: "xs = map show xs", args: ["[1,2]"], out: '["1","2"]' },
];

export const cppRows: Row[] = [
  ...plain,
  ...methodRows,
  { name: "uniqueI", sig: "[Int] -> [Int]", decl: "xs = unique xs", args: ["[3,1,3,2,1]"], out: "[3,1,2]" },
  { name: "zipC", sig: "[Int] -> [Str] -> [(Int, Str)]", decl: "xs ys = zip xs ys", args: ["[1,2]", '["a"]'], out: '[[1,"a"]]' },
  { name: "unzipC", sig: "[(Int, Str)] -> ([Int], [Str])", decl: "xs = unzip xs",
    args: ['[[1,"a"],[2,"b"]]'], out: '[[1,2],["a","b"]]' },
  { name: "withFstsC", sig: "[(Int, Str)] -> [(Int, Str)]", decl: "xs = withFsts (\\ys -> tail ys) xs",
    args: ['[[1,"a"],[2,"b"],[3,"c"]]'], out: '[[2,"a"],[3,"b"]]' },
  { name: "withSndsC", sig: "[(Int, Str)] -> [(Int, Str)]", decl: "xs = withSnds (\\ys -> init ys) xs",
    args: ['[[1,"a"],[2,"b"]]'], out: '[[1,"a"]]' },
  { name: "branchS", sig: "Bool -> Str", decl: 'b = branch (\\x -> x) (\\x -> "yes") (\\x -> "no") b', args: ["false"], out: '"no"' },
  { name: "wordsS", sig: "Str -> [Str]", decl: "s = words s", args: ['" a b\\t c "'], out: '["a","b","c"]' },
  { name: "unwordsS", sig: "[Str] -> Str", decl: "xs = unwords xs", args: ['["a","b"]'], out: '"a b"' },
  { name: "linesS", sig: "Str -> [Str]", decl: "s = lines s", args: ['"a\\n\\nb\\n"'], out: '["a","","b"]' },
  { name: "unlinesS", sig: "[Str] -> Str", decl: "xs = unlines xs", args: ['["a","b"]'], out: '"a\\nb\\n"' },
  { name: "pasteS", sig: "Str -> [Str] -> Str", decl: "s xs = paste s xs", args: ['", "', '["a","b","c"]'], out: '"a, b, c"' },
];

const pyOnly: Row[] = [
  { name: "concatI", sig: "[[Int]] -> [Int]", decl: "xss = concat xss", args: ["[[1],[],[2,3]]"], out: "[1,2,3]" },
  { name: "shardI", sig: "Int -> [Int] -> [[Int]]", decl: "n xs = shard n xs", args: ["2", "[1,2,3,4,5]"], out: "[[1,2,3],[4,5]]" },
  { name: "shardZero", sig: "Int -> [Int] -> [[Int]]", decl: "n xs = shard n xs", args: ["0", "[1]"],
    out: { fails: /shard: the number of shards must be positive/ } },
  { name: "elemS", sig: "Str -> [Str] -> Bool", decl: "x xs = elem x xs", args: ['"b"', '["a","b"]'], out: "true" },
  { name: "onFstP", sig: "(Int, Str) -> ((Int, Int), Str)", decl: "p = onFst (\\x -> (x, x)) p",
    args: ['[1,"a"]'], out: '[[1,1],"a"]' },
  { name: "onSndP", sig: "(Int, Str) -> (Int, [Str])", decl: "p = onSnd (\\x -> [x, x]) p", args: ['[1,"a"]'], out: '[1,["a","a"]]' },
  { name: "sleepI", sig: "Real -> Int -> Int", decl: "t x = sleep t x", args: ["0.01", "5"], out: "5" },
];

export const pyRows: Row[] = [...plain, ...methodRows, ...pyOnly];

/** tsbase has every name of cppbase and pybase: all their rows, plus its own (Int is a bigint). */
export const tsRows: Row[] = [
  ...cppRows,
  ...pyOnly,
  { name: "showRBig", sig: "Real -> Str", decl: "x = show x", args: ["1e16"], out: '"1e+16"' },
  { name: "showRSmall", sig: "Real -> Str", decl: "x = show x", args: ["0.00012"], out: '"0.00012"' },
  { name: "showRTiny", sig: "Real -> Str", decl: "x = show x", args: ["-1.5e-7"], out: '"-1.5e-07"' },
  { name: "addIBig", sig: "Int -> Int -> Int", decl: "x y = add x y", args: ["9007199254740993", "2"], out: "9007199254740995" },
  { name: "sizeAstral", sig: "Str -> Int", decl: "s = size s", args: ['"a𝄞é"'], out: "3" },
  { name: "sizeBig", sig: "[Int] -> Int", decl: "xs = size xs", args: ["[9223372036854775807]"], out: "1" },
  { name: "elemPair", sig: "(Int, Str) -> [(Int, Str)] -> Bool", decl: "x xs = elem x xs", args: ['[2,"b"]', '[[1,"a"],[2,"b"]]'], out: "true" },
  { name: "uniquePairs", sig: "[(Int, Str)] -> [(Int, Str)]", decl: "xs = unique xs", args: ['[[1,"a"],[1,"a"],[1,"b"]]'], out: '[[1,"a"],[1,"b"]]' },
  { name: "eqNeg", sig: "Real -> Real -> Bool", decl: "x y = eq x y", args: ["-0.0", "0"], out: "true" },
  { name: "mapKeyM", sig: "Map Str Int -> Map Str Int", decl: 'm = mapKey (\\k -> paste "" [k, k]) m', args: ['[["a","b"],[1,2]]'], out: '[["aa","bb"],[1,2]]' },
  { name: "mapValM", sig: "Map Str Int -> Map Str Int", decl: "m = mapVal (\\v -> mul v 10) m", args: ['[["a","b"],[1,2]]'], out: '[["a","b"],[10,20]]' },
  { name: "keysM", sig: "Map Int Str -> [Int]", decl: "m = keys m", args: ['[[3,1],["c","a"]]'], out: "[3,1]" },
  { name: "filterValM", sig: "Map Str Int -> Map Str Int", decl: "m = filterVal (\\v -> gt v 1) m", args: ['[["a","b"],[1,2]]'], out: '[["b"],[2]]' },
  { name: "readMapF", sig: "Str -> Map Str Str", decl: "f = readMap f", args: ['"map.json"'], out: '[["x"],["1"]]' },
];

/** The functions rbase exports; R rows are the shared rows that use only these, plus R's own. */
const rNames = new Set(
  ("run id seq const fst snd fst3 snd3 thr3 at drop take enumerateWith fold head last init tail join map elem zipWith " +
    "not and or sum ints2reals show size le lt ge gt eq ne zero one add mul mod div neg sub").split(" "),
);
const usesOnlyR = (r: Row) => (r.decl.split("=").slice(1).join("=").match(/\b[a-z][A-Za-z0-9']*\b/g) ?? []).every((w) => rNames.has(w) || r.decl.split("=")[0]!.split(/\s+/).includes(w) || /^(x|y|b|a|p|s|n|xs|ys|xss)$/.test(w));

export const rRows: Row[] = [
  ...plain.filter(usesOnlyR),
  ...methodRows.filter(usesOnlyR),
  { name: "sumBuiltin", sig: "[Real] -> Real", decl: "xs = sum xs", args: ["[1,2.5]"], out: "3.5" },
  { name: "ints2realsR", sig: "[Int] -> [Real]", decl: "xs = ints2reals xs", args: ["[1,2]"], out: "[1.0,2.0]" },
  { name: "elemR", sig: "Str -> [Str] -> Bool", decl: "x xs = elem x xs", args: ['"b"', '["a","b"]'], out: "true" },
  { name: "atR", sig: "[Int] -> Int -> Int", decl: "xs i = at xs i", args: ["[4,5,6]", "2"], out: "6" },
  { name: "atOut", sig: "[Int] -> Int -> Int", decl: "xs i = at xs i", args: ["[4]", "3"], out: { fails: /out of range/ } },
];
