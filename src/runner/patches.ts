// What the model file replaced of what gradlens relies on, from snapshots of own properties taken before user code
// loads. Two kinds, treated differently:
// - the engine's Tensor methods (Tensor.prototype.mul = …): the check runs the code as patched — the numerical
//   derivatives go through the patched method too, so the verdict is still about the code that ran — and says so
//   (`patched-engine`);
// - the built-ins the checker's own arithmetic leans on (array and typed-array methods, Math, Number, JSON, Object,
//   Map, Set, String): a polyfill gone wrong, or on purpose `Array.prototype.every = () => true`, would bend the
//   comparison that judges the model. They are put back before each check and after each call into the model's code
//   during it (its forward and manualGrads, and a custom op's forward and backward), so the engine and the checker
//   always run on the originals, and the check says so (`patched-intrinsics`). The verdict does not rest on this
//   alone: the host judges every check again from its measured numbers (runner/assemble.ts).
import { type CheckSpec, Tensor, setUserCodeReturned, userCall } from "../engine/internal";
import type { Diagnostic } from "../protocol";

// Taken at load, before any user code: reading and restoring must not go through what they check.
const { ownKeys, getOwnPropertyDescriptor, defineProperty } = Reflect;

type Targets = readonly (readonly [string, object])[];
interface Property {
  name: string;
  target: object;
  key: string | symbol;
  descriptor: PropertyDescriptor;
}
interface Snapshot {
  targets: Targets;
  properties: Property[];
}

const ENGINE: Targets = [["Tensor.prototype", Tensor.prototype], ["Tensor", Tensor]];

const BUILTINS: Targets = [
  ["Array", Array], ["Array.prototype", Array.prototype], ["Object", Object], ["Object.prototype", Object.prototype],
  ["Math", Math], ["Number", Number], ["Number.prototype", Number.prototype], ["JSON", JSON], ["Reflect", Reflect],
  ["Map.prototype", Map.prototype], ["Set.prototype", Set.prototype], ["String.prototype", String.prototype],
  ["Float64Array.prototype", Float64Array.prototype], ["Float32Array.prototype", Float32Array.prototype],
  ["Int32Array.prototype", Int32Array.prototype],
  // The typed arrays' shared methods (subarray, set, fill, map…) live on their common prototype.
  ["TypedArray.prototype", Object.getPrototypeOf(Float64Array.prototype) as object],
];

function snapshot(targets: Targets): Snapshot {
  const properties: Property[] = [];
  for (const [owner, target] of targets) {
    for (const key of ownKeys(target)) {
      properties.push({ name: `${owner}.${String(key)}`, target, key, descriptor: getOwnPropertyDescriptor(target, key)! });
    }
  }
  return { targets, properties };
}

// Object.is: Number.NaN is the same NaN however often it is read.
const same = (a: PropertyDescriptor | undefined, b: PropertyDescriptor | undefined) =>
  Object.is(a?.value, b?.value) && a?.get === b?.get && a?.set === b?.set;

/** Names (`Tensor.prototype.mul`) of properties replaced, added or removed since the snapshot, in a stable order. */
function changedSince(before: Snapshot): string[] {
  const descriptors = (s: Snapshot) => new Map(s.properties.map((p) => [p.name, p.descriptor]));
  const [then, now] = [descriptors(before), descriptors(snapshot(before.targets))];
  return [...new Set([...then.keys(), ...now.keys()])].filter((name) => !same(then.get(name), now.get(name))).sort();
}

/** Puts every replaced or removed property back; returns their names. */
function restore(saved: Snapshot): string[] {
  const restored: string[] = [];
  for (const { name, target, key, descriptor } of saved.properties) {
    if (same(getOwnPropertyDescriptor(target, key), descriptor)) continue;
    // Fails (false) only on an owner the model froze after patching it: the name still says it was changed.
    defineProperty(target, key, descriptor);
    restored.push(name);
  }
  return restored;
}

/** The built-ins as they were when the worker loaded, before any user code. */
const builtins = snapshot(BUILTINS);

/** What one run's model replaced, watched from before its code loads. */
export class PatchWatch {
  private readonly engine = snapshot(ENGINE);
  /** Built-ins put back during the current check. */
  private restored = new Set<string>();

  /**
   * Starts a check on the original built-ins (the file's top level may have patched them); until endCheck, every
   * call into the model's code through userCall (the check's forward and manualGrads, custom ops) puts them back.
   */
  beginCheck(): void {
    this.restored = new Set(restore(builtins));
    setUserCodeReturned(() => {
      for (const name of restore(builtins)) this.restored.add(name);
    });
  }

  /** The file's top level, between checks, keeps what it patches. */
  endCheck(): void {
    setUserCodeReturned(null);
  }

  /** The check with forward and manualGrads called through userCall. */
  guard(spec: CheckSpec): CheckSpec {
    return { ...spec, forward: userCall(spec.forward, spec), manualGrads: spec.manualGrads && userCall(spec.manualGrads, spec) };
  }

  /** The check's warnings: engine methods it ran as patched, built-ins that were put back. */
  diagnostics(): Diagnostic[] {
    const engine = changedSince(this.engine).map((method): Diagnostic => ({
      severity: "warning", code: "patched-engine",
      message: `the model file replaced ${method}: gradlens checked the gradients of the code as patched ` +
        "(numerical differentiation runs the patched method too), not of the engine's own op",
    }));
    if (this.restored.size === 0) return engine;
    const names = [...this.restored].sort();
    const shown = names.length > 6 ? `${names.slice(0, 6).join(", ")} and ${names.length - 6} more` : names.join(", ");
    return [...engine, {
      severity: "warning", code: "patched-intrinsics",
      message: `the model file replaced ${shown}: gradlens put ${names.length === 1 ? "it" : "them"} back before the ` +
        "check and after each call into the model's code, so the gradients were compared with JavaScript's own built-ins",
    }];
  }
}
