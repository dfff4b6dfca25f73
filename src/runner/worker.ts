// The worker entry (dist/worker.js): evaluates one transpiled model file with `gradlens` resolved to this worker's
// own engine, runs the gradient check on each of its checks, and posts back the report and the traces.
// A fresh worker serves one run: the host terminates it on timeout or cancellation, so nothing here needs cleanup.
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { compileFunction } from "node:vm";
import { MessagePort, parentPort } from "node:worker_threads";
import * as engine from "../engine/index";
import {
  applyOp, isCheck, resetMemoryUsage, setMemoryBudget, setMemoryProbe, setOriginalNames, watchOps, type CheckSpec,
} from "../engine/internal";
import { checkModel } from "../gradcheck";
import type { CheckReport, Diagnostic, Report, ReportError } from "../protocol";
import { toReportError } from "./errors";
import type { CapturedTrace, FullValues, WorkerInput, WorkerMessage } from "./messages";
import { SiteMapper, type UserFrame } from "./sites";
import { captureCheck, type CaptureContext } from "./trace";
import { heldArrayBufferBytes } from "./held-memory";
import { enableRelaxedSimd } from "./wasm-features";
import { OutputCapture } from "./output";
import { PatchWatch } from "./patches";

/** Full values of big tensors kept for the host, per run (beyond it, only summaries and samples). */
const FULL_VALUES_BYTES = 64 * 1024 ** 2;
/** Deep enough to reach the user's frame from inside the engine and gradcheck. */
Error.stackTraceLimit = 64;
/**
 * Frames looked at below the engine's `apply` for an op applied by module code: the op's own function and the
 * user's calls around it, up to four helpers deep. Few, because a module-level training loop pays for each frame
 * on every op (V8 11 spends about a microsecond a frame; 12 instead of 6 made a loop of small ops ~15% slower).
 */
const OP_SITE_DEPTH = 6;

const NO_CHECKS_HELP = [
  "export at least one check made with defineCheck, for example:",
  "",
  "  import { randn, defineCheck } from \"gradlens\";",
  "  const x = randn([4, 3], { seed: 1 });",
  "  export const linear = defineCheck({",
  "    inputs: { w: randn([3, 2], { seed: 2 }) },",
  "    forward: ({ w }) => x.mm(w).pow(2).sum(),",
  "  });",
].join("\n");

// The private channel to the run process arrives as the first message, before user code loads; its postMessage is
// taken now, so a model that wraps MessagePort.prototype.postMessage never sees (or rewrites) what gradlens sends.
const postOnPort = MessagePort.prototype.postMessage;
let channel: MessagePort | undefined;
const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => postOnPort.call(channel!, message, transfer);
const output = new OutputCapture();

/**
 * The engine as the user's file sees it: creation functions remember where each tensor was made, for lines and
 * labels, and `defineCheck` where each check was made, for their order. Sites are kept as stack text, not Errors:
 * a captured stack keeps every frame's receiver alive (see `evaluate`).
 */
function userEngine(origins: WeakMap<object, unknown>, mapper: SiteMapper): typeof engine {
  const api: Record<string, unknown> = { ...engine };
  for (const name of ["tensor", "randn", "rand", "zeros", "ones", "defineCheck"] as const) {
    const create = engine[name] as (...args: unknown[]) => object;
    api[name] = (...args: unknown[]) => {
      const made = create(...args);
      origins.set(made, mapper.here());
      return made;
    };
  }
  return api as typeof engine;
}

interface FoundCheck {
  name: string;
  spec: CheckSpec;
  /** Where the user wrote the check: the outermost frame in the user's file where it was made. */
  made?: UserFrame;
}

/**
 * The checks in the order the user wrote them (esbuild's CommonJS exports come sorted by name): by the outermost
 * frame in the user's file where each was made, the export's statement even for a check a helper makes. Checks
 * made outside the main file keep their order, after the others.
 */
function sourceOrder(checks: [string, CheckSpec][], origins: WeakMap<object, unknown>, mapper: SiteMapper): FoundCheck[] {
  const position = ({ made }: FoundCheck) => (made ? made.line * 1e6 + made.column : Number.MAX_SAFE_INTEGER);
  return checks
    .map(([name, spec]): FoundCheck => ({ name, spec, made: mapper.frames(origins.get(spec)).at(-1) }))
    .sort((a, b) => position(a) - position(b));
}

/**
 * Runs the module body; ops at module level are watched only to learn where their results were made, in a weak
 * map: a training loop in the module must not keep every step's tensors alive.
 */
function evaluate(input: WorkerInput, origins: WeakMap<object, unknown>, mapper: SiteMapper): Record<string, unknown> {
  const api = userEngine(origins, mapper);
  const nodeRequire = createRequire(input.file);
  const userRequire = (id: string) => (id === "gradlens" ? api : nodeRequire(id));
  const module = { exports: {} as Record<string, unknown> };
  const body = compileFunction(input.code, ["exports", "require", "module", "__filename", "__dirname"], { filename: input.bundleName });
  // The stack as text, not the Error: a captured stack keeps every frame's receiver alive, here the tensors whose
  // methods made this one (each step's weights would hold all earlier steps' through their sites).
  watchOps(() => body(module.exports, userRequire, module, input.file, dirname(input.file)),
    (t) => origins.set(t, mapper.here(applyOp, OP_SITE_DEPTH)));
  return module.exports;
}

/** A check that ended in an error; `diagnostics`: what was found before it (a patched built-in may be why). */
function failedCheck(name: string, spec: CheckSpec, error: ReportError, input: WorkerInput, diagnostics: Diagnostic[]): CheckReport {
  const mode = input.options.mode ?? spec.mode ?? "auto";
  return { name, ok: false, error, mode, inputs: [], ops: [], manual: [], diagnostics, graph: { nodes: [], edges: [] } };
}

function run(input: WorkerInput): Extract<WorkerMessage, { type: "done" }> {
  const started = performance.now();
  const mapper = new SiteMapper(input.file, input.bundleName, input.code);
  const report: Report = { file: input.file, ok: false, error: null, checks: [] };
  const traces: CapturedTrace[] = [];
  const values: FullValues[] = [];
  const finish = () => {
    const printed = output.file.result();
    if (printed) report.output = printed;
    return { type: "done" as const, report, traces, values, runMs: performance.now() - started };
  };
  const origins = new WeakMap<object, unknown>();
  const patches = new PatchWatch();
  if (input.options.memoryBytes !== undefined) setMemoryBudget(input.options.memoryBytes);

  let exports: Record<string, unknown>;
  try {
    post({ type: "progress" });
    // Custom ops read their forward's parameter names when defined, to name inputs in messages: as the user wrote them.
    setOriginalNames((source, names) => mapper.originalNames(source, names));
    exports = evaluate(input, origins, mapper);
  } catch (e) {
    report.error = toReportError(e, mapper);
    return finish();
  }
  const checks = sourceOrder(Object.entries(exports).filter(([, v]) => isCheck(v)) as [string, CheckSpec][], origins, mapper);
  const wanted = input.options.check;
  const selected = wanted === undefined ? checks : checks.filter((c) => c.name === wanted);
  if (selected.length === 0) {
    const message = checks.length === 0
      ? `the file exports no check: ${NO_CHECKS_HELP}`
      : `the file has no check named "${wanted}"; its checks are: ${checks.map((c) => c.name).join(", ")}`;
    report.error = { code: "no-checks", message };
    return finish();
  }

  const ctx: CaptureContext = { mapper, origins, values, valueBudget: { bytes: FULL_VALUES_BYTES } };
  const { mode, eps, atol, rtol } = input.options;
  for (const { name, spec, made } of selected) {
    post({ type: "progress", check: name, line: made?.line });
    resetMemoryUsage();
    output.beginCheck();
    patches.beginCheck();
    try {
      // Sites as the module's ops keep them (the user's frames below apply, as text), but every frame deep.
      const site = () => mapper.here(applyOp);
      const outcome = checkModel(name, patches.guard(spec), { mode, eps, atol, rtol, site });
      const checkReport = outcome.report;
      const trace = captureCheck(outcome, ctx);
      checkReport.diagnostics.push(...patches.diagnostics());
      report.checks.push(checkReport);
      traces.push(trace);
    } catch (e) {
      // An error in one check's forward is that check's error; the other checks still run.
      report.checks.push(failedCheck(name, spec, toReportError(e, mapper), input, patches.diagnostics()));
    } finally {
      patches.endCheck();
    }
    const printed = output.endCheck();
    if (printed) report.checks.at(-1)!.output = printed;
  }
  // The file's verdict is the host's to decide (assemble.ts), from the checks': `ok` stays false here.
  return finish();
}

// Before the engine compiles its matmul kernel on the first product: the fused build needs relaxed SIMD.
enableRelaxedSimd();
setMemoryProbe(heldArrayBufferBytes);
output.install([process.stdout, process.stderr]);
// process.exit from the model (in a worker it would end the thread quietly, as if the run had crashed) becomes an
// error thrown where it was called: the check it ran in reports it, at that line, and the other checks still run.
process.exit = ((code?: number) => {
  throw new Error(`the model file called process.exit(${code ?? ""}): a model file must not end its process`);
}) as typeof process.exit;
// The private channel comes first; the input follows on it (the host starts this thread while it transpiles).
parentPort!.once("message", ({ port }: { port: MessagePort }) => {
  channel = port;
  post({ type: "started", at: performance.timeOrigin + performance.now() });
  port.once("message", (input: WorkerInput) => {
    try {
      const done = run(input);
      post(done, done.values.flatMap((v) => (v.grad ? [v.data.buffer, v.grad.buffer] : [v.data.buffer])) as ArrayBuffer[]);
    } catch (e) {
      post({ type: "crash", error: { code: "runtime", message: `gradlens failed: ${e instanceof Error ? e.stack : String(e)}` } });
    }
  });
});
