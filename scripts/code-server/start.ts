// `npm start` (after scripts/start.sh has built, packed and set up): code-server on 127.0.0.1 with the .vsix installed
// and examples/ open. Prints the URL and runs until Ctrl+C, then stops code-server and everything it started.
// usage: node out/scripts/start.js <repo-root> <vsix>        env: PORT (default: a free port)
import { join } from "node:path";
import { startCodeServer } from "./launch";

async function main(): Promise<void> {
  const [repoRoot, vsix] = process.argv.slice(2);
  const port = process.env.PORT ? Number(process.env.PORT) : undefined;
  const server = await startCodeServer({ repoRoot, vsix, port });
  const url = `${server.url}/?folder=${encodeURIComponent(join(repoRoot, "examples"))}`;
  console.log(`\ngradlens is running in VS Code (code-server): open\n\n    ${url}\n\nCtrl+C stops it.`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    console.log("\nstopping code-server …");
    void server.stop().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e: Error) => {
  console.error(`npm start: ${e.message}`);
  process.exit(1);
});
