// Maps the stacks captured while the user's bundle runs back to lines and columns in the user's own .ts file,
// through the bundle's inline source map (node:module's SourceMap: no parser of our own to maintain).
import { SourceMap, type SourceMapping } from "node:module";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** A position in the user's main file, both 1-based. */
export interface UserFrame {
  line: number;
  column: number;
}

export class SiteMapper {
  private readonly map: SourceMap;
  private readonly marker: string;
  private readonly cache = new Map<string, UserFrame | null>();
  private readonly mainFileSources = new Map<string, boolean>();

  /** `bundleName` is the filename the bundle was evaluated under, as it appears in stack traces. */
  constructor(private readonly userFile: string, private readonly bundleName: string, private readonly code: string) {
    this.marker = `${bundleName}:`;
    const inline = /\/\/# sourceMappingURL=data:application\/json;base64,(\S+)\s*$/.exec(code);
    this.map = new SourceMap(inline ? JSON.parse(Buffer.from(inline[1], "base64").toString("utf8")) : { version: 3, sources: [], mappings: "" });
  }

  /**
   * Where this is called from, as stack text that `frames` reads: only the frames in the user's bundle, one
   * "<bundle>:line:column" a line, innermost first; frames from `above` up are left out, and at most `depth` are
   * looked at. Each frame V8 captures costs about a microsecond; the full text of a `new Error().stack`, engine
   * and node frames included, cost ~40 µs, twice this, on every op of a module-level training loop.
   */
  here(above: Function = this.here, depth = Error.stackTraceLimit): string {
    const { prepareStackTrace, stackTraceLimit } = Error;
    Error.prepareStackTrace = (_error, calls: NodeJS.CallSite[]) => calls
      .filter((call) => call.getFileName() === this.bundleName)
      .map((call) => `${this.marker}${call.getLineNumber()}:${call.getColumnNumber()}`)
      .join("\n");
    Error.stackTraceLimit = depth;
    try {
      const site: { stack?: string } = {};
      Error.captureStackTrace(site, above);
      return site.stack ?? "";
    } finally {
      Error.prepareStackTrace = prepareStackTrace;
      Error.stackTraceLimit = stackTraceLimit;
    }
  }

  /**
   * The parameter names the user wrote, for a function whose source (as it runs) and parameter names (read from
   * that source) are given: esbuild renames a parameter that shares a top-level name (`y` → `y2`), and its source
   * map keeps the original name at each renamed identifier. Names of a function not found in the bundle, or not
   * renamed, stay as given.
   */
  originalNames(source: string, names: string[]): string[] {
    // A factory may define the same op again and again (in a loop): the bundle is searched once per source.
    const known = this.namesBySource.get(source);
    if (known) return known;
    const found = this.findOriginalNames(source, names);
    this.namesBySource.set(source, found);
    return found;
  }

  private readonly namesBySource = new Map<string, string[]>();

  private findOriginalNames(source: string, names: string[]): string[] {
    const start = this.code.indexOf(source);
    const open = source.indexOf("(");
    if (start < 0 || open < 0) return names;
    let cursor = open;
    return names.map((name) => {
      const at = name === "" ? -1 : source.indexOf(name, cursor);
      if (at < 0) return name;
      cursor = at + name.length;
      const { line, column } = this.position(start + at);
      const entry = this.map.findEntry(line, column) as Partial<SourceMapping> & { name?: string };
      const exact = entry.generatedLine === line && entry.generatedColumn === column;
      return exact && entry.name ? entry.name : name;
    });
  }

  private lineStarts?: number[];

  /** The 0-based line and column of an offset in the bundle. */
  private position(offset: number): { line: number; column: number } {
    if (!this.lineStarts) {
      this.lineStarts = [0];
      for (let at = this.code.indexOf("\n"); at >= 0; at = this.code.indexOf("\n", at + 1)) this.lineStarts.push(at + 1);
    }
    let low = 0, high = this.lineStarts.length - 1; // the last line starting at or before offset
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low, column: offset - this.lineStarts[low] };
  }

  /** Frames of a stack (an Error or its text) that lie in the user's main file, innermost first. */
  frames(site: unknown): UserFrame[] {
    const stack = site instanceof Error ? site.stack : typeof site === "string" ? site : undefined;
    if (!stack) return [];
    const frames: UserFrame[] = [];
    for (const text of stack.split("\n")) {
      const at = text.lastIndexOf(this.marker);
      if (at < 0) continue;
      const frame = this.original(text.slice(at + this.marker.length));
      if (frame) frames.push(frame);
    }
    return frames;
  }

  /** The innermost user frame: where the user's code called into the engine or threw. */
  first(site: unknown): UserFrame | undefined {
    return this.frames(site)[0];
  }

  /** "12:5)" (bundle line:column, 1-based) → the user's position; null when it maps outside the main file. */
  private original(position: string): UserFrame | null {
    const cached = this.cache.get(position);
    if (cached !== undefined) return cached;
    const m = /^(\d+):(\d+)/.exec(position);
    const entry = (m ? this.map.findEntry(Number(m[1]) - 1, Number(m[2]) - 1) : {}) as Partial<SourceMapping>;
    const inMainFile = entry.originalSource !== undefined && this.isMainFile(entry.originalSource);
    const frame = inMainFile ? { line: entry.originalLine! + 1, column: entry.originalColumn! + 1 } : null;
    this.cache.set(position, frame);
    return frame;
  }

  /**
   * Whether a source map's source is the user's main file. Sources are URLs relative to the bundle, which
   * transpile.ts places beside the user's file: esbuild writes `name-ü.ts` as `name-%C3%BC.ts`, `%20.ts` as
   * `%2520.ts` and `#.ts` as `%23.ts`, so a source is resolved and decoded as a URL, never compared as a path.
   */
  private isMainFile(source: string): boolean {
    let known = this.mainFileSources.get(source);
    if (known === undefined) {
      known = pathOfSource(source, this.userFile) === resolve(this.userFile);
      this.mainFileSources.set(source, known);
    }
    return known;
  }
}

/** The file a source map's source URL names, relative to a file in the bundle's folder; null if it names none. */
function pathOfSource(source: string, besideBundle: string): string | null {
  try {
    const url = new URL(source, pathToFileURL(besideBundle));
    return url.protocol === "file:" ? fileURLToPath(url) : null;
  } catch {
    return null; // not a URL, or one naming no file of this system (an encoded "/" in a name)
  }
}
