// The runner's client, loaded from its own bundle (dist/client.js) on the first run instead of being bundled into
// extension.js: it loads esbuild and starts workers, none of which an activation that never runs a check should pay for.
import { join } from "node:path";

export type RunnerClient = typeof import("../runner/client");

let client: RunnerClient | undefined;

export function runnerClient(): RunnerClient {
  // A computed path keeps esbuild from bundling it: dist/client.js sits beside dist/extension.js.
  client ??= require(join(__dirname, "client.js")) as RunnerClient;
  return client;
}
