// Starts a throwaway code-server on 127.0.0.1 with its own config, user data, extensions and temp folders, and stops it
// together with everything it spawned (extension hosts, tsserver, file watchers) by killing its process group.
// Used by `npm start` (start.ts) and by the end-to-end tests (test/e2e/).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface CodeServerOptions {
  /** The repository root: code-server is the one scripts/setup-code-server.sh installed under .cache/. */
  repoRoot: string;
  /** Installs this .vsix before start (the way users get gradlens). */
  vsix?: string;
  /** false: workspace trust is on and every folder starts untrusted, so restricted mode can be tested. */
  trustAll?: boolean;
  /** User settings on top of the quiet defaults (e.g. a longer gradlens.timeout for a loaded machine). */
  settings?: Record<string, unknown>;
  /** A fixed port (npm start's PORT); by default a free one. */
  port?: number;
}

export interface CodeServer {
  url: string;
  /** code-server's remote authority (host:port), for vscode-remote:// URIs. */
  authority: string;
  stop(): Promise<void>;
}

export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  const codeServerBin = join(opts.repoRoot, ".cache/code-server/node_modules/.bin/code-server");
  const trustAll = opts.trustAll ?? true;
  const stateDir = mkdtempSync(join(tmpdir(), "gradlens-code-server-"));
  const port = opts.port ?? (await freeLoopbackPort());
  for (const d of ["user-data/User", "extensions", "tmp", "xdg"]) mkdirSync(join(stateDir, d), { recursive: true });
  writeFileSync(join(stateDir, "user-data/User/settings.json"), JSON.stringify({ ...quietSettings(trustAll), ...opts.settings }, null, 2));
  writeFileSync(join(stateDir, "config.yaml"), `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const common = [
    "--config", join(stateDir, "config.yaml"),
    "--user-data-dir", join(stateDir, "user-data"),
    "--extensions-dir", join(stateDir, "extensions"),
  ];
  const env = {
    ...process.env,
    TMPDIR: join(stateDir, "tmp"), XDG_CONFIG_HOME: join(stateDir, "xdg"), XDG_DATA_HOME: join(stateDir, "xdg"),
    XDG_CACHE_HOME: join(stateDir, "xdg"),
  };
  if (opts.vsix) {
    const r = spawnSync(codeServerBin, [...common, "--install-extension", opts.vsix, "--force"], { env, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`installing ${opts.vsix} failed:\n${r.stdout}${r.stderr}`);
  }
  const flags = ["--disable-telemetry", "--disable-update-check", "--disable-getting-started-override", "--ignore-last-opened"];
  if (trustAll) flags.push("--disable-workspace-trust");
  const logFile = join(stateDir, "code-server.log");
  const logFd = openSync(logFile, "w");
  // detached: the server leads a new process group (setsid), so one kill reaches every process it starts.
  const child = spawn(codeServerBin, [...common, ...flags], { env, detached: true, stdio: ["ignore", logFd, logFd] });
  const server: CodeServer = {
    url: `http://127.0.0.1:${port}`,
    authority: `127.0.0.1:${port}`,
    stop: () => stopGroup(child).then(() => { if (!process.env.KEEP_STATE) rmSync(stateDir, { recursive: true, force: true }); }),
  };
  try {
    await waitHealthy(server.url, child);
  } catch (e) {
    const log = readFileSync(logFile, "utf8");
    await server.stop();
    throw new Error(`${(e as Error).message}\n${log}`);
  }
  return server;
}

function quietSettings(trustAll: boolean): Record<string, unknown> {
  return {
    "workbench.startupEditor": "none",
    "security.workspace.trust.enabled": !trustAll,
    "security.workspace.trust.startupPrompt": "never",
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "extensions.autoUpdate": false,
    "extensions.autoCheckUpdates": false,
    "extensions.ignoreRecommendations": true,
    "workbench.tips.enabled": false,
    "workbench.enableExperiments": false,
    "typescript.disableAutomaticTypeAcquisition": true,
    "git.enabled": false,
    "chat.commandCenter.enabled": false,
    "editor.hover.delay": 300,
  };
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

async function waitHealthy(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer at ${url} within 60 s`);
}

async function stopGroup(child: ChildProcess): Promise<void> {
  const group = -child.pid!;
  const alive = () => { try { process.kill(group, 0); return true; } catch { return false; } };
  try { process.kill(group, "SIGTERM"); } catch { return; }
  for (let i = 0; i < 20 && alive(); i++) await new Promise((r) => setTimeout(r, 250));
  if (alive()) process.kill(group, "SIGKILL");
}
