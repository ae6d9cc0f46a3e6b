// The table of library functions checked end to end: each row becomes one exported command of a
// generated module (one module per language), run with its JSON arguments; stdout must match.
// Rows use no class methods and no Map (the type checker does not resolve those yet).

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
const common: Row[] = [
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

export const cppRows: Row[] = [
  ...common,
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

export const pyRows: Row[] = [
  ...common,
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
