/**
 * Data shared by the worker, the extension host, the CLI and the webview.
 * Plain, JSON-serializable types only: this file imports nothing and is imported by every layer.
 * `Report` is the contract's public JSON (shared/contract.md §3); everything else may grow freely.
 */

export type Shape = number[];
export type Dtype = "float64" | "float32";
export type Mode = "full" | "fast" | "auto";

/** Why a file or a check could not be run. */
export type ErrorCode = "syntax" | "no-checks" | "shape" | "runtime" | "timeout" | "memory";

export interface ReportError {
  code: ErrorCode;
  message: string;
  /** 1-based, in the user's own .ts file. */
  line?: number;
  column?: number;
}

export type Severity = "error" | "warning" | "info";

export type DiagnosticCode =
  | "kink"
  | "tie"
  | "nan"
  | "inf"
  | "dead-relu"
  | "vanishing-grad"
  | "exploding-grad"
  | "unused-input"
  | "custom-backward-mismatch"
  | "manual-grad-mismatch"
  | "float32-precision"
  /** A direction inside the tolerance but far past the numerical error of its central difference: a wrong gradient. */
  | "precise-mismatch"
  /** The model posted a message on a channel it does not own (the worker's parentPort): ignored. */
  | "untrusted-message"
  /** The model replaced a method of the engine's Tensor: checked as patched, and said. */
  | "patched-engine"
  | "patched-intrinsics"
  /**
   * The verdict the checker reached in the model's process differs from the host's, reached again from the
   * measured numbers (or there were none): the model file changed how it was judged. The host's verdict stands.
   */
  | "verdict-overruled"
  /** The check compared nothing: its inputs have no elements (`inputs: {}`, or shapes such as [0, 3]). */
  | "nothing-checked"
  /** manualGrads returned a gradient under a name that is not one of the check's inputs: it was not compared. */
  | "unknown-manual-grad";

export interface Diagnostic {
  severity: Severity;
  code: DiagnosticCode;
  message: string;
  line?: number;
  column?: number;
  /** The trace node this diagnostic is about, when there is one. */
  node?: number;
  /** A node of the manualGrads trace (`CheckTrace.manualNodes`) instead: the returned gradient a mismatch is about. */
  manualNode?: number;
}

export interface WorstElement {
  index: number[];
  analytic: number;
  numeric: number;
}

/** Autograd vs numerical differentiation for one checked input. */
export interface InputResult {
  name: string;
  shape: Shape;
  ok: boolean;
  maxAbsError: number;
  maxRelError: number;
  worst: WorstElement | null;
  /** How many elements were compared numerically (all of them in full mode). */
  checked?: number;
  /** How many random directions vᵀJu were compared (fast mode, and auto beyond the full check's budget). */
  directions?: number;
  /** Elements left out of the verdict because their perturbation crosses a kink or tie. */
  excluded?: number;
  /**
   * The largest estimated error of a direction's central difference (round-off and the spread across step sizes),
   * where a direction inside the tolerance had to be judged by it: a mismatch 10 times past it fails.
   */
  differenceError?: number;
}

/** Local check of one custom op's hand-written backward, on the values it actually saw. */
export interface OpResult {
  op: string;
  /** Line of the customOp definition. */
  line: number;
  column?: number;
  ok: boolean;
  maxRelError: number;
  message?: string;
}

/** A hand-written gradient (manualGrads) compared with autograd. */
export interface ManualResult {
  name: string;
  ok: boolean;
  maxRelError: number;
  worst?: { index: number[]; manual: number; autograd: number } | null;
  hint?: string;
  line?: number;
}

export interface GraphNode {
  id: number;
  op: string;
  shape: Shape;
  dtype: Dtype;
  line?: number;
  label?: string;
}

export interface GraphEdge {
  from: number;
  to: number;
}

/** What the model file printed (console output, writes to stdout/stderr): never on the CLI's stdout. */
export interface ModelOutput {
  /** The first 64 KiB characters. */
  text: string;
  /** Everything printed, counted: characters and lines. */
  chars: number;
  lines: number;
  /** `text` holds less than was printed. */
  truncated: boolean;
}

export interface CheckReport {
  name: string;
  ok: boolean;
  error: ReportError | null;
  mode: Mode;
  inputs: InputResult[];
  ops: OpResult[];
  manual: ManualResult[];
  diagnostics: Diagnostic[];
  graph: { nodes: GraphNode[]; edges: GraphEdge[] };
  /** What this check's code printed (forward, manualGrads, custom ops), when it printed anything. */
  output?: ModelOutput;
}

/** The contract's JSON report: what `gradlens check --json` prints. */
export interface Report {
  file: string;
  ok: boolean;
  error: ReportError | null;
  checks: CheckReport[];
  /** Everything the model file printed (its top level and every check), when it printed anything. */
  output?: ModelOutput;
}

// ---------------------------------------------------------------------------------------------
// The trace: everything the hovers, CodeLens and graph panel need, richer than the report.

export interface Summary {
  count: number;
  min: number;
  max: number;
  mean: number;
  std: number;
  nan: number;
  inf: number;
  /** Elements exactly zero: dead ReLUs, masked gradients. */
  zeros: number;
}

export type NodeKind = "input" | "const" | "op" | "custom";

export interface TraceNode extends GraphNode {
  kind: NodeKind;
  /** Ids of the nodes this one was computed from, in argument order. */
  inputs: number[];
  column?: number;
  /** Operation attributes worth showing (dims, kernel, clamp bounds ...). */
  attrs?: Record<string, number | string | boolean | number[] | null>;
  value: Summary;
  /** Gradient of the check's output with respect to this node, after backward. */
  grad?: Summary;
  /** Row-major values when the tensor is small (see `complete`), else a bounded sample of the first elements. */
  data?: number[];
  gradData?: number[];
  /** True when `data`/`gradData` hold every element. */
  complete?: boolean;
  /** One-line local gradient rule of the op, e.g. "mul swaps: dx = y·g, dy = x·g". */
  rule?: string;
  /** Verdict marks the panel colours nodes by. */
  marks?: ("fail" | "kink" | "tie" | "nan" | "inf" | "dead-relu")[];
}

/** Per-element comparison for a checked input, for the inspector's error map (bounded size). */
export interface InputErrorMap {
  name: string;
  node: number;
  shape: Shape;
  /** Row-major; NaN where the element was not compared (fast mode samples). */
  analytic: number[];
  numeric: number[];
  complete: boolean;
}

export interface CheckTrace {
  check: string;
  /** Line of the export `defineCheck` call. */
  line?: number;
  nodes: TraceNode[];
  edges: GraphEdge[];
  /** Checked inputs: name → node id. */
  inputs: { name: string; node: number }[];
  customOps: { name: string; line?: number; column?: number }[];
  /** Nodes computed inside manualGrads (labels like grad_w2), and which one was returned for which input. */
  manualNodes: TraceNode[];
  manualReturned: { input: string; node: number }[];
  errorMaps: InputErrorMap[];
}

export interface RunTimings {
  transpileMs: number;
  workerStartMs: number;
  /** The run took a run process forked ahead of it (the editor keeps one ready), skipping Node's start. */
  warm?: boolean;
  runMs: number;
  totalMs: number;
}

/** What one run of a model file gives the host: the public report plus the traces behind it. */
export interface RunResult {
  report: Report;
  traces: CheckTrace[];
  timings?: RunTimings;
  /** What the model file printed (console.log and friends), kept apart from gradlens's own output; truncated. */
  output?: string;
}

// ---------------------------------------------------------------------------------------------
// Messages between the extension host and the graph panel (webview).

export type ThemeKind = "light" | "dark" | "high-contrast" | "high-contrast-light";

export type HostToWebview =
  | { type: "show"; file: string; result: RunResult; check?: string; stale?: boolean }
  | { type: "theme"; kind: ThemeKind }
  | { type: "select"; check: string; node?: number }
  /** The answer to `requestValues`. */
  | ({ type: "values" } & NodeValues);

/** Which node's full values the inspector asks for: a node of `CheckTrace.nodes`, or of `manualNodes` when `manual`. */
export interface NodeRef {
  check: string;
  node: number;
  manual?: boolean;
}

/**
 * The full values and gradient of a node whose trace carries only a sample (`complete: false`), fetched on demand.
 * Up to a bound every element travels; past it `blocks` says how they were reduced for the heatmap.
 * NaN and Inf travel as JSON `null` (read as NaN).
 */
export interface NodeValues extends NodeRef {
  /** The tensor's shape, as the host's run has it: the page checks it against the node it shows. */
  shape?: Shape;
  /** Row-major; every element, or one per block (`blocks`). */
  data?: number[];
  gradData?: number[];
  /**
   * Set when the tensor had too many elements to send: seen as a [rows, cols] matrix (dim 0 × the rest), it was cut
   * into blocks of `block` = [blockRows, blockCols] elements and each cell of the `grid` holds the block's element of
   * largest magnitude (NaN wins), so a single exploding or NaN element stays visible.
   */
  blocks?: { grid: [number, number]; block: [number, number] };
  /** Why there are no values (the host no longer holds that run's tensors): said in the inspector. */
  unavailable?: string;
}

export type WebviewToHost =
  | { type: "ready" }
  | { type: "reveal"; line: number; column?: number }
  /** `check`: the check the diagram shows, which the suggested file name carries. */
  | { type: "saveSvg"; svg: string; check?: string }
  | { type: "saveMarkdown"; markdown: string }
  | { type: "rerun" }
  /** Full values of a node the trace carries only a sample of; answered by `{type:"values"}`. */
  | ({ type: "requestValues" } & NodeRef);

/** What the panel persists with setState so it survives hide/restore and restarts. */
export interface PanelState {
  file?: string;
  check?: string;
  node?: number;
  view?: "forward" | "backward" | "results" | "table";
  result?: RunResult;
  /** Fold keys of loops the user unfolded in the diagram. */
  expanded?: string[];
  /** Draw only the neighbourhood of the selected node. */
  focus?: boolean;
}
