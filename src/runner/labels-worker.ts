// The labels worker entry (dist/labels-worker.js): parses model files with TypeScript for graph labels, so the
// compiler's load and the parse never run on the extension host's or the CLI's thread. One persistent worker serves
// every run of a process (parse-labels.ts caches by file content); it runs no user code. The parser and the
// compiler are their own bundle, dist/labels-parser.js, loaded with V8's code cache (code-cache.ts).
import { join } from "node:path";
import { parentPort } from "node:worker_threads";
import { requireWithCodeCache } from "./code-cache";
import type { LabelsReply, LabelsRequest } from "./messages";
import type * as Parser from "./parse-labels";

const parser = requireWithCodeCache(join(__dirname, "labels-parser.js"));
const { sourceLabels } = parser.exports as typeof Parser;
let cacheSaved = false;

parentPort!.on("message", ({ id, file, text }: LabelsRequest) => {
  let reply: LabelsReply;
  try {
    reply = { id, labels: sourceLabels(file, text) };
  } catch {
    reply = { id };
  }
  // Saved before the first reply (a CLI exits on it, killing this thread): only a run without a fitting cache waits.
  if (!cacheSaved) {
    cacheSaved = true;
    parser.saveCache();
  }
  parentPort!.postMessage(reply);
});
