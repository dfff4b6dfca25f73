// The command line of contract §2, parsed into runner options; anything else is a usage error (exit 2).
import type { Mode } from "../protocol";
import { validateOption } from "../shared/options";

export const HELP = `Usage: gradlens check <file.ts> [options]

Runs every check exported by a model file (made with defineCheck) and checks its gradients.

Options:
  --json           print the report as one JSON document on stdout
  --check NAME     run only the check exported as NAME
  --mode MODE      full | fast | auto (default: auto)
  --eps E          finite-difference step (default 1e-6)
  --atol A         absolute tolerance (default 1e-5)
  --rtol R         relative tolerance (default 1e-3)
  --timeout MS     wall-clock limit of the model's code (default 10000, at most 86400000)
  -h, --help       show this help

Exit status: 0 every check passed, 1 a check failed, 2 the file or a check could not be run.`;

export interface CheckCommand {
  file: string;
  json: boolean;
  check?: string;
  mode?: Mode;
  eps?: number;
  atol?: number;
  rtol?: number;
  timeoutMs?: number;
}

export type Parsed = { command: CheckCommand } | { help: true } | { usage: string };

const MODES: readonly string[] = ["full", "fast", "auto"];
const VALUED: readonly string[] = ["--check", "--mode", "--eps", "--atol", "--rtol", "--timeout"];
const OPTION_OF_FLAG = { "--eps": "eps", "--atol": "atol", "--rtol": "rtol", "--timeout": "timeout" } as const;

/** The flag's number, or what is wrong with it: out of its bounds, or no number at all (shown as typed). */
const numberOf = (flag: keyof typeof OPTION_OF_FLAG, text: string): number | string => {
  const n = text.trim() === "" ? NaN : Number(text);
  const problem = validateOption(OPTION_OF_FLAG[flag], Number.isFinite(n) ? n : text);
  return problem === null ? n : `${flag} ${problem}`;
};

export function parseArgs(argv: readonly string[]): Parsed {
  if (argv.includes("-h") || argv.includes("--help")) return { help: true };
  const [verb, ...rest] = argv;
  if (verb !== "check") return { usage: verb === undefined ? "missing command: check" : `unknown command "${verb}"` };
  const command: Partial<CheckCommand> = { json: false };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (!arg.startsWith("--")) {
      if (command.file !== undefined) return { usage: `one file at a time (got "${command.file}" and "${arg}")` };
      command.file = arg;
      continue;
    }
    const eq = arg.indexOf("=");
    const flag = eq < 0 ? arg : arg.slice(0, eq);
    if (flag === "--json" && eq < 0) {
      command.json = true;
      continue;
    }
    if (!VALUED.includes(flag)) return { usage: `unknown option ${flag}` };
    const value = eq < 0 ? rest[++i] : arg.slice(eq + 1);
    if (value === undefined) return { usage: `${flag} needs a value` };
    const problem = setOption(command, flag, value);
    if (problem) return { usage: problem };
  }
  if (command.file === undefined) return { usage: "missing <file.ts>" };
  return { command: command as CheckCommand };
}

/** Sets one valued option; returns what is wrong with it, if anything. */
function setOption(command: Partial<CheckCommand>, flag: string, value: string): string | undefined {
  switch (flag) {
    case "--check":
      command.check = value;
      return;
    case "--mode":
      if (!MODES.includes(value)) return `--mode is one of full, fast, auto, not "${value}"`;
      command.mode = value as Mode;
      return;
    case "--eps":
    case "--atol":
    case "--rtol":
    case "--timeout": {
      const n = numberOf(flag, value);
      if (typeof n === "string") return n;
      const key = flag === "--timeout" ? "timeoutMs" : (flag.slice(2) as "eps" | "atol" | "rtol");
      command[key] = n;
      return;
    }
  }
}
