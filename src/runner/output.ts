// What the model file prints, captured in its worker before any user code loads: console output (and anything else
// written through the worker's process.stdout/stderr) is kept, per check and for the whole file, and never reaches a
// terminal. A model that writes to a file descriptor directly writes to the run process's own pipes, which the host
// collects too (client.ts): either way the CLI's stdout stays gradlens's own.
import type { ModelOutput } from "../protocol";

/** Characters of output kept per check and per file; past it only the counts grow. */
export const OUTPUT_CHARS_KEPT = 64 * 1024;

/** Collects text up to a limit, counting everything. */
export class OutputCollector {
  private text = "";
  private chars = 0;
  private newlines = 0;
  private endsWithNewline = true;

  add(chunk: string): void {
    if (chunk.length === 0) return;
    this.chars += chunk.length;
    for (let i = chunk.indexOf("\n"); i >= 0; i = chunk.indexOf("\n", i + 1)) this.newlines++;
    this.endsWithNewline = chunk.endsWith("\n");
    if (this.text.length < OUTPUT_CHARS_KEPT) this.text += chunk.slice(0, OUTPUT_CHARS_KEPT - this.text.length);
  }

  /** The output, or undefined when nothing was printed. */
  result(): ModelOutput | undefined {
    if (this.chars === 0) return undefined;
    const lines = this.newlines + (this.endsWithNewline ? 0 : 1);
    return { text: this.text, chars: this.chars, lines, truncated: this.text.length < this.chars };
  }
}

/** The worker's capture followed by what escaped it (raw writes to the run process's streams). */
export function joinOutput(captured: ModelOutput | undefined, raw: string): ModelOutput | undefined {
  const rest = new OutputCollector();
  rest.add(raw);
  const escaped = rest.result();
  if (!captured || !escaped) return captured ?? escaped;
  const text = (captured.text + escaped.text).slice(0, OUTPUT_CHARS_KEPT);
  const chars = captured.chars + escaped.chars;
  return { text, chars, lines: captured.lines + escaped.lines, truncated: text.length < chars };
}

/** Where the worker's printed text goes: the file's collector always, the current check's when one runs. */
export class OutputCapture {
  readonly file = new OutputCollector();
  private check: OutputCollector | undefined;

  /** Replaces the worker's stream writers (before user code loads). */
  install(streams: NodeJS.WriteStream[]): void {
    for (const stream of streams) {
      stream.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
        const text = typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8");
        this.file.add(text);
        this.check?.add(text);
        const done = typeof encoding === "function" ? encoding : callback;
        if (typeof done === "function") queueMicrotask(() => (done as () => void)());
        return true;
      }) as NodeJS.WriteStream["write"];
    }
  }

  beginCheck(): void {
    this.check = new OutputCollector();
  }

  endCheck(): ModelOutput | undefined {
    const out = this.check?.result();
    this.check = undefined;
    return out;
  }
}
