// Loaded by VS Code's extension host through the `extensionTestsPath` development option (like @vscode/test-electron):
// runs every compiled test/e2e/suite/**/*.test.js with mocha. The workbench reports the promise's outcome to the page
// as an exit code (see extensionHost.test.ts).
import { readdirSync } from "node:fs";
import { join } from "node:path";
import Mocha from "mocha";

const suiteFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? suiteFiles(join(dir, e.name)) : e.name.endsWith(".test.js") ? [join(dir, e.name)] : [],
  );

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: "tdd", color: false, timeout: 30_000 });
  // Both styles work in the suites: tdd (suite/test) and bdd (describe/it) register their globals side by side.
  Mocha.interfaces.bdd(mocha.suite);
  // bundled beside this file: out/test/e2e/suite/
  for (const f of suiteFiles(join(__dirname, "suite"))) mocha.addFile(f);
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve()));
  });
}
