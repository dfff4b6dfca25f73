// The labels worker entry (dist/labels-worker.js): parses model files with TypeScript for graph labels, so the
// compiler's load (~400 ms the first time) and the parse never run on the extension host's or the CLI's thread.
// One persistent worker serves every run of the process (parse-labels.ts caches by file content); it runs no user code.
import { parentPort } from "node:worker_threads";
import type { LabelsReply, LabelsRequest } from "./messages";
import { sourceLabels } from "./parse-labels";

parentPort!.on("message", ({ id, file, text }: LabelsRequest) => {
  let reply: LabelsReply;
  try {
    reply = { id, labels: sourceLabels(file, text) };
  } catch {
    reply = { id };
  }
  parentPort!.postMessage(reply);
});
