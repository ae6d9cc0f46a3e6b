// CommonJS, as many npm packages are; it needs its own local dependency
const { repeat } = require("mlc-repeat");
exports.padLeft = function (s, n, c) {
  return s.length >= n ? s : repeat(c, n - s.length) + s;
};
