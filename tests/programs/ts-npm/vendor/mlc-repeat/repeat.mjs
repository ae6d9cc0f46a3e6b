export function repeat(c, n) {
  let out = "";
  for (let i = 0; i < n; i++) out += c;
  return out;
}
