// Where the e2e tests find the repository, the built .vsix and the screenshot folder.
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";

/** The tests are bundled into out/test/e2e/, three levels below the repository root. */
export const repoRoot = resolve(__dirname, "../../..");

/** Screenshots go to test-artifacts/e2e/ (gitignored): look at them, a test that passes on a blank panel lies. */
export function screenshotPath(name: string): string {
  const dir = join(repoRoot, "test-artifacts", "e2e");
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name}.png`);
}

/** The .vsix scripts/e2e.sh packed (it passes the path); tests never package on their own. */
export function builtVsix(): string {
  const vsix = process.env.GRADLENS_VSIX;
  if (!vsix) throw new Error("GRADLENS_VSIX is not set: run the e2e tests through scripts/e2e.sh");
  return vsix;
}
