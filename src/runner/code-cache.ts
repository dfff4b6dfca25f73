// Loads a big CommonJS bundle with V8's code cache kept on disk beside it, so later processes skip most of its
// compile. It exists for the TypeScript compiler behind graph labels (dist/labels-parser.js, 10 MB): every CLI run
// with --json starts a fresh labels worker, and compiling the compiler was most of that worker's ~450 ms.
import { readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { Script } from "node:vm";
import { threadId } from "node:worker_threads";

/** The key heads the cache file, padded to this many bytes. */
const KEY_BYTES = 128;

export interface CachedModule {
  exports: unknown;
  /** Whether a fitting code cache was found and V8 took it. */
  fromCache: boolean;
  /** Writes the code cache when there was none that fitted: call it after first use, so it covers the functions used. */
  saveCache(): void;
}

export function requireWithCodeCache(path: string): CachedModule {
  const source = readFileSync(path, "utf8");
  // V8 only checks a cache against the source's length: the bundle's size and time and V8's version make the key.
  const { size, mtimeMs } = statSync(path);
  const key = Buffer.alloc(KEY_BYTES, " ");
  key.write(`${process.versions.v8} ${size} ${mtimeMs}`);
  const cacheFile = `${path}.cache`;
  const cached = readCache(cacheFile, key);
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: path,
    cachedData: cached,
  });
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(path), module, path, dirname(path));
  const fromCache = cached !== undefined && !script.cachedDataRejected;
  return {
    exports: module.exports,
    fromCache,
    saveCache() {
      if (fromCache) return;
      try {
        // Written aside and renamed, so a process reading it never sees half a file.
        const aside = `${cacheFile}.${process.pid}.${threadId}`;
        writeFileSync(aside, Buffer.concat([key, script.createCachedData()]));
        renameSync(aside, cacheFile);
      } catch {
        // A read-only install only loses the speed-up.
      }
    },
  };
}

function readCache(file: string, key: Buffer): Buffer | undefined {
  try {
    const data = readFileSync(file);
    return data.subarray(0, KEY_BYTES).equals(key) ? data.subarray(KEY_BYTES) : undefined;
  } catch {
    return undefined;
  }
}
