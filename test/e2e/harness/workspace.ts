// A throwaway workspace: a copy of examples/ with the test-only model files of test/e2e/workspace-fixtures/ beside them
// (an infinite loop, a file that leaves a marker when it runs), so examples/ stays free of test junk.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "./paths";

export interface Workspace {
  dir: string;
  dispose(): void;
}

export function makeWorkspace(): Workspace {
  const dir = mkdtempSync(join(tmpdir(), "gradlens-ws-"));
  cpSync(join(repoRoot, "examples"), dir, { recursive: true });
  cpSync(join(repoRoot, "test/e2e/workspace-fixtures"), dir, { recursive: true });
  // examples/tsconfig.json points the editor's TypeScript at ../src/engine, which the copy has not got: point it
  // at the repository's engine, so the editor shows no false "Cannot find module 'gradlens'" errors.
  const tsconfig = join(dir, "tsconfig.json");
  const engine = JSON.stringify(join(repoRoot, "src/engine/index.ts"));
  writeFileSync(tsconfig, readFileSync(tsconfig, "utf8").replace('"../src/engine/index.ts"', engine));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
