// checkModel: one check from start to verdict. One recorded run (the trace and autograd's gradients), then
// unrecorded forward passes for the numerical derivatives, recorded again only to tell kinks from bugs.
import {
  ArgumentError, type CheckSpec, type Tape, type TapeNode, Tensor, memoryUsage, noGrad, nodeOf, recordTape, resetMemoryUsage,
} from "../engine/internal";
import { chargeMemory } from "../engine/memory";
import type { CheckReport, Diagnostic, InputErrorMap, InputResult, Mode } from "../protocol";
import { forwardCost } from "./cost";
import { checkCustomOp } from "./custom-ops";
import {
  deadReluDiagnostics, gradientScaleDiagnostics, nonFiniteDiagnostics, unusedInputDiagnostics,
} from "./diagnostics";
import { type InputCheck, type PreciseMismatch, checkInput } from "./input-check";
import { type NonSmoothFinding, SMOOTH, kinkDiagnostic, makeKinkProbe } from "./kinks";
import { compareManual, hintContext } from "./manual";
import type { Probe } from "./numeric";
import { UNIT_ROUNDOFF, preciseDiagnostic } from "./precision";
import { chooseMode, resolveSettings, type Settings } from "./settings";
import { type CheckEvidence, type InputEvidence, checkPasses } from "./verdict";

export interface CheckOptions {
  mode?: Mode;
  eps?: number;
  atol?: number;
  rtol?: number;
  seed?: number;
  site?: () => unknown;
}

export interface CheckOutcome {
  /** Graph and lines left empty: the runner fills them. */
  report: CheckReport;
  /** What the check measured, from which the report's verdicts follow: the runner's host judges them again. */
  evidence: CheckEvidence;
  tape: Tape;
  manualTape?: Tape;
  manualReturned: { input: string; node: number }[];
  errorMaps: InputErrorMap[];
}

/** Error maps hold at most this many elements per input (row-major from the start). */
const ERROR_MAP_LIMIT = 4096;

/** The inputs as float64 leaves: a float32 model is checked in float64, its inputs cast. */
function float64Leaves(spec: CheckSpec) {
  const names = Object.keys(spec.inputs);
  const data = names.map((n) => Float64Array.from(spec.inputs[n].data));
  const leaves = names.map((n, i) => new Tensor(data[i], [...spec.inputs[n].shape], true));
  const byName = Object.fromEntries(names.map((n, i) => [n, leaves[i]]));
  return { names, data, leaves, byName, tapeInputs: new Map(leaves.map((t, i) => [t, names[i]])) };
}

/**
 * Runs a forward pass whose tensors die with it: each pass is held to the memory budget, but thousands of
 * perturbed passes do not add up (the engine counts allocations and never frees, so without this a full check
 * would run out of budget on a model that fits easily).
 */
function transient<T>(fn: () => T): T {
  const before = memoryUsage();
  try {
    return fn();
  } finally {
    resetMemoryUsage();
    chargeMemory(before, []);
  }
}

/** The check's settings; a setting that cannot work is an error naming the check. */
function settingsOf(name: string, spec: CheckSpec, opts: CheckOptions): Settings {
  try {
    return resolveSettings(spec, opts);
  } catch (e) {
    throw new ArgumentError(`check ${name}: ${(e as Error).message}`);
  }
}

/**
 * The round-off the precise judgement assumes: float32 if any value of the forward is float32; none when the user
 * set a tolerance, which then decides alone.
 */
function unitRoundoffOf(spec: CheckSpec, opts: CheckOptions, tape: Tape): number | undefined {
  if ([spec.atol, spec.rtol, opts.atol, opts.rtol].some((t) => t !== undefined)) return undefined;
  return tape.nodes.some((n) => n.tensor.dtype === "float32") ? UNIT_ROUNDOFF.float32 : UNIT_ROUNDOFF.float64;
}

/** What a callback returned instead of a tensor, in words that say how to fix it. */
function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (v instanceof Promise) return "a Promise (forward and manualGrads run synchronously: drop async and await)";
  if (typeof v === "object" && "shape" in v && "data" in v) return "an object with shape and data that is not a gradlens Tensor (build tensors with gradlens's functions)";
  return typeof v;
}

function sumOf(t: Tensor): number {
  let s = 0;
  for (let i = 0; i < t.data.length; i++) s += t.data[i];
  return s;
}

function regionsOf(tape: Tape): Map<number, Int32Array> {
  const out = new Map<number, Int32Array>();
  for (const n of tape.nodes) if (n.nonSmooth) out.set(n.id, n.nonSmooth.region());
  return out;
}

function errorMap(name: string, node: number, check: InputCheck, analytic: ArrayLike<number>): InputErrorMap {
  const size = Math.min(analytic.length, ERROR_MAP_LIMIT);
  const numeric = new Array<number>(size).fill(NaN);
  for (const c of check.evidence.elements) if (c.flat < size) numeric[c.flat] = c.numeric;
  return {
    name, node, shape: [...check.result.shape],
    analytic: Array.from({ length: size }, (_, i) => (numeric[i] === numeric[i] ? analytic[i] : NaN)),
    numeric, complete: size === analytic.length,
  };
}

/** A check whose inputs have no elements passes having compared nothing: it says so. */
function nothingCheckedDiagnostic(name: string, names: string[], leaves: Tensor[]): Diagnostic[] {
  const empty = names.filter((_, i) => leaves[i].size === 0);
  if (empty.length < names.length) return [];
  const which = names.length === 0 ? "it has no inputs (inputs: {})"
    : `its inputs have no elements (${names.map((n, i) => `${n} [${leaves[i].shape.join(", ")}]`).join(", ")})`;
  return [{
    severity: "warning", code: "nothing-checked",
    message: `check ${name} compared nothing: ${which}. Give it an input with elements to check its gradient.`,
  }];
}

function float32Diagnostic(spec: CheckSpec, names: string[]): Diagnostic[] {
  const f32 = names.filter((n) => spec.inputs[n].dtype === "float32");
  if (f32.length === 0) return [];
  return [{
    severity: "info", code: "float32-precision",
    message: `${f32.join(", ")} ${f32.length === 1 ? "is" : "are"} float32; gradlens checked the model in float64 ` +
      "(inputs cast), so the verdict is about the math, not float32 rounding. Checking in float32 itself needs " +
      "eps ≈ 1e-3 and rtol ≈ 1e-2 (float32 keeps about 7 digits; a central difference loses half of them).",
  }];
}

export function checkModel(name: string, spec: CheckSpec, opts: CheckOptions = {}): CheckOutcome {
  const resolved = settingsOf(name, spec, opts);
  const { names, data, leaves, byName, tapeInputs } = float64Leaves(spec);
  const forward = () => spec.forward(byName);

  // The one recorded run: trace, autograd's gradients (retained on every node for the inspector and diagnostics).
  const { result: output, tape } = recordTape(forward, { site: opts.site, retainGrads: true, inputs: tapeInputs });
  if (!(output instanceof Tensor)) {
    throw new ArgumentError(`check ${name}: forward must return a Tensor (a loss, or any tensor: its sum is checked), got ${describe(output)}`);
  }
  if (output.requiresGrad) {
    output.backward(output.size === 1 ? undefined : Tensor.fromData(new Float64Array(output.size).fill(1), [...output.shape]), { retainGraph: true });
  }
  const byId = new Map(tape.nodes.map((n) => [n.id, n]));
  const settings = { ...resolved, unitRoundoff: unitRoundoffOf(spec, opts, tape) };
  const analytic = leaves.map((t) => t.grad?.data ?? new Float64Array(t.size));

  const probe: Probe = { data, evaluate: () => transient(() => noGrad(() => sumOf(forward()))) };
  const recordRegions = () => transient(() => regionsOf(recordTape(() => noGrad(forward), { inputs: tapeInputs }).tape));
  const kinks = tape.nodes.some((n) => n.nonSmooth) ? makeKinkProbe(probe, recordRegions, settings.eps) : SMOOTH;
  const elements = leaves.reduce((s, t) => s + t.size, 0);
  const mode = chooseMode(settings.mode, elements, forwardCost(tape, byId));
  const inputMode = mode === "full" ? "full" : settings.mode === "auto" ? "sampled" : "fast";

  const inputs: InputResult[] = [];
  const inputEvidence: InputEvidence[] = [];
  const errorMaps: InputErrorMap[] = [];
  const precise: Diagnostic[] = [];
  const findings = new Map<number, NonSmoothFinding>();
  const finding = (n: TapeNode) => {
    if (!findings.has(n.id)) {
      findings.set(n.id, { node: n.id, op: n.op, kind: n.nonSmooth!.kind, atPoint: n.nonSmooth!.atPoint().length, crossedBy: new Map() });
    }
    return findings.get(n.id)!;
  };
  names.forEach((inputName, index) => {
    const check = checkInput(probe, { index, name: inputName, shape: [...leaves[index].shape], analytic: analytic[index] }, inputMode, settings, kinks);
    inputs.push(check.result);
    inputEvidence.push(check.evidence);
    const node = nodeOf(tape, leaves[index]);
    if (node) errorMaps.push(errorMap(inputName, node.id, check, analytic[index]));
    const worstPrecise = check.precise.reduce<PreciseMismatch | undefined>(
      (w, p) => (!w || Math.abs(p.analytic - p.numeric) / p.estimate > Math.abs(w.analytic - w.numeric) / w.estimate ? p : w), undefined);
    if (worstPrecise && (!check.result.ok || check.preciseOverruled)) {
      precise.push(preciseDiagnostic(inputName, node?.id, worstPrecise, check.preciseOverruled === true, settings.unitRoundoff!));
    }
    for (const [id, count] of check.crossedNodes) finding(byId.get(id)!).crossedBy.set(inputName, count);
  });
  for (const n of tape.nodes) if (n.nonSmooth && n.nonSmooth.atPoint().length > 0) finding(n);

  const ops = tape.nodes.filter((n) => n.kind === "custom").map((n) => checkCustomOp(n, settings));
  const diagnostics: Diagnostic[] = [
    ...nothingCheckedDiagnostic(name, names, leaves),
    ...float32Diagnostic(spec, names),
    ...precise,
    ...[...findings.values()].map(kinkDiagnostic),
    ...ops.filter((o) => !o.result.ok).map((o) => o.diagnostic!),
    ...nonFiniteDiagnostics(tape, byId),
    ...deadReluDiagnostics(tape),
    ...gradientScaleDiagnostics(tape, leaves, names),
    ...unusedInputDiagnostics(tape, byId, output, leaves, names),
  ];

  let manualTape: Tape | undefined;
  const manual = spec.manualGrads ? runManual(name, spec, names, leaves, tape, settings, opts) : undefined;
  if (manual) {
    manualTape = manual.tape;
    diagnostics.push(...manual.check.diagnostics);
  }
  const manualResults = manual?.check.results ?? [];
  const report: CheckReport = {
    name, ok: false, error: null, mode, inputs, ops: ops.map((o) => o.result), manual: manualResults, diagnostics,
    graph: { nodes: [], edges: [] },
  };
  report.ok = checkPasses(report);
  const evidence: CheckEvidence = {
    tolerances: { atol: settings.atol, rtol: settings.rtol },
    inputs: inputEvidence,
    ops: ops.map((o) => o.evidence),
    manual: manual?.check.evidence ?? [],
  };
  return { report, evidence, tape, manualTape, manualReturned: manual?.check.manualReturned ?? [], errorMaps };
}

/** manualGrads runs on its own fresh copies of the inputs, recorded so hovers can show its intermediate values. */
function runManual(name: string, spec: CheckSpec, names: string[], leaves: Tensor[], forwardTape: Tape, settings: Settings, opts: CheckOptions) {
  const copies = names.map((_, i) => Tensor.fromData(leaves[i].data, [...leaves[i].shape]));
  const byName = Object.fromEntries(names.map((n, i) => [n, copies[i]]));
  const { result, tape } = recordTape(() => spec.manualGrads!(byName), {
    site: opts.site, inputs: new Map(copies.map((t, i) => [t, names[i]])),
  });
  if (result === null || typeof result !== "object") {
    throw new ArgumentError(`check ${name}: manualGrads must return an object of tensors, one per input ({ ${names.join(", ")} }), got ${describe(result)}`);
  }
  const unknown: string[] = [];
  for (const [input, value] of Object.entries(result)) {
    if (value !== undefined && value !== null && !(value instanceof Tensor)) {
      throw new ArgumentError(`check ${name}: manualGrads returned ${describe(value)} for ${input}; expected a Tensor`);
    }
    if (!names.includes(input)) unknown.push(input);
  }
  const grads = names.map((n, i) => ({ name: n, shape: [...leaves[i].shape], values: leaves[i].grad?.data ?? new Float64Array(leaves[i].size) }));
  const check = compareManual(grads, result, tape, hintContext(forwardTape, tape), settings);
  if (unknown.length > 0) {
    check.diagnostics.push({
      severity: "warning", code: "unknown-manual-grad",
      message: `manualGrads returned ${unknown.join(", ")}, which ${unknown.length === 1 ? "is not an input" : "are not inputs"} ` +
        `of check ${name} (its inputs: ${names.join(", ") || "none"}), so ${unknown.length === 1 ? "it was" : "they were"} not compared`,
    });
  }
  return { tape, check };
}
