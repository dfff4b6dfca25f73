import assert from "node:assert/strict";
import { test } from "node:test";
import { parseArgs } from "../../../src/cli/args";

test("every option of contract §2, in both --flag value and --flag=value forms", () => {
  const parsed = parseArgs(["check", "m.ts", "--json", "--check", "net", "--mode=fast", "--eps", "1e-7", "--atol=1e-4", "--rtol", "0.01", "--timeout", "500"]);
  assert.deepEqual(parsed, {
    command: { file: "m.ts", json: true, check: "net", mode: "fast", eps: 1e-7, atol: 1e-4, rtol: 0.01, timeoutMs: 500 },
  });
});

test("usage errors say what is wrong", () => {
  const usage = (argv: string[]) => {
    const parsed = parseArgs(argv);
    assert.ok("usage" in parsed, `expected a usage error for ${argv.join(" ")}`);
    return parsed.usage;
  };
  assert.match(usage([]), /missing command/);
  assert.match(usage(["run", "m.ts"]), /unknown command "run"/);
  assert.match(usage(["check"]), /missing <file.ts>/);
  assert.match(usage(["check", "a.ts", "b.ts"]), /one file at a time/);
  assert.match(usage(["check", "m.ts", "--mode", "slow"]), /full, fast, auto/);
  assert.match(usage(["check", "m.ts", "--eps", "-1"]), /positive number/);
  assert.match(usage(["check", "m.ts", "--timeout"]), /needs a value/);
  assert.match(usage(["check", "m.ts", "--verbose"]), /unknown option --verbose/);
});

test("--help wins over everything else", () => {
  assert.deepEqual(parseArgs(["check", "--bogus", "--help"]), { help: true });
});

test("--timeout beyond 24 h is a usage error naming the flag, the value and the bound (setTimeout would fire at once)", () => {
  assert.deepEqual(parseArgs(["check", "m.ts", "--timeout", "2147483648"]),
    { usage: "--timeout takes a number from 100 to 86400000 ms, not 2147483648" });
  assert.deepEqual(parseArgs(["check", "m.ts", "--timeout=99"]), { usage: "--timeout takes a number from 100 to 86400000 ms, not 99" });
  assert.equal("command" in parseArgs(["check", "m.ts", "--timeout", "86400000"]), true);
});

test("flags share the settings' bounds: atol and rtol may be 0, what is no finite number is shown as typed", () => {
  assert.deepEqual(parseArgs(["check", "m.ts", "--atol", "0", "--rtol=0"]), { command: { file: "m.ts", json: false, atol: 0, rtol: 0 } });
  assert.deepEqual(parseArgs(["check", "m.ts", "--eps", "1e400"]), { usage: '--eps takes a positive number, not "1e400"' });
  assert.deepEqual(parseArgs(["check", "m.ts", "--rtol", "lots"]), { usage: '--rtol takes a number of 0 or more, not "lots"' });
});
