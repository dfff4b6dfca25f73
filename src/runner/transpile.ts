// Turns the user's model file into one CommonJS bundle the worker can evaluate.
// esbuild strips types without checking them (fast: ~2 ms warm), bundles the user's relative imports, and leaves
// `gradlens` to the worker's own engine instance so the tape observes the user's ops.
import type { BuildFailure } from "esbuild";
import { dirname, join, resolve } from "node:path";
import type { ReportError } from "../protocol";

export interface Bundle {
  /** CommonJS, ending in an inline source map. */
  js: string;
}

/** The name the bundle is written to (nothing is written): source map paths are relative to the user's folder. */
const BUNDLE_NAME = "__gradlens_bundle.js";

export async function transpile(file: string): Promise<Bundle | ReportError> {
  // Loaded on the first transpile, not with the module: client.js loads in a third of the time (the CLI's --help
  // never needs esbuild), and runFile has started the run worker by then, so the thread boots while esbuild loads.
  const { build } = await import("esbuild");
  try {
    const out = await build({
      entryPoints: [file],
      outfile: join(dirname(file), BUNDLE_NAME),
      bundle: true,
      write: false,
      format: "cjs",
      platform: "node",
      target: "node20",
      sourcemap: "inline",
      sourcesContent: false,
      external: ["gradlens"],
      logLevel: "silent",
    });
    return { js: out.outputFiles[0].text };
  } catch (e) {
    return syntaxError(file, e);
  }
}

/** esbuild's own first message, with its position; messages about other files name that file. */
function syntaxError(file: string, e: unknown): ReportError {
  const first = (e as Partial<BuildFailure>).errors?.[0];
  if (!first) return { code: "syntax", message: `${file}: ${e instanceof Error ? e.message : String(e)}` };
  const loc = first.location;
  const inOtherFile = loc && resolve(loc.file) !== resolve(file);
  const message = inOtherFile ? `${loc.file}:${loc.line}:${loc.column + 1}: ${first.text}` : first.text;
  if (!loc || inOtherFile) return { code: "syntax", message };
  return { code: "syntax", message, line: loc.line, column: loc.column + 1 };
}
