// The built-ins the checker's own code leans on (array and typed-array methods, Math, Number, JSON, Object, Map,
// Set, String): a model file that patches them — a polyfill gone wrong, or on purpose `Array.prototype.every =
// () => true` — would otherwise bend the comparison that judges it. Their properties are snapshotted before user code
// loads and put back before each check and after each of the model's forward passes, so the checker's arithmetic
// always runs on the originals; the model's own code runs with the originals too from then on, and the check says so.

type Saved = { owner: string; target: object; key: string | symbol; descriptor: PropertyDescriptor };

// Taken now, before any user code: restoring must not go through what it restores.
const { ownKeys, getOwnPropertyDescriptor, defineProperty } = Reflect;

const GUARDED: [string, object][] = [
  ["Array", Array], ["Array.prototype", Array.prototype], ["Object", Object], ["Object.prototype", Object.prototype],
  ["Math", Math], ["Number", Number], ["Number.prototype", Number.prototype], ["JSON", JSON], ["Reflect", Reflect],
  ["Map.prototype", Map.prototype], ["Set.prototype", Set.prototype], ["String.prototype", String.prototype],
  ["Float64Array.prototype", Float64Array.prototype], ["Float32Array.prototype", Float32Array.prototype],
  ["Int32Array.prototype", Int32Array.prototype],
  // The typed arrays' shared methods (subarray, set, fill, map…) live on their common prototype.
  ["TypedArray.prototype", Object.getPrototypeOf(Float64Array.prototype) as object],
];

export type IntrinsicsSnapshot = readonly Saved[];

export function snapshotIntrinsics(): IntrinsicsSnapshot {
  const saved: Saved[] = [];
  for (const [owner, target] of GUARDED) {
    for (const key of ownKeys(target)) {
      const descriptor = getOwnPropertyDescriptor(target, key);
      if (descriptor?.configurable || descriptor?.writable) saved.push({ owner, target, key, descriptor });
    }
  }
  return saved;
}

const sameDescriptor = (a: PropertyDescriptor | undefined, b: PropertyDescriptor) =>
  a !== undefined && a.value === b.value && a.get === b.get && a.set === b.set;

/** Puts every replaced or removed built-in back; returns their names (`Array.prototype.every`), once each. */
export function restoreIntrinsics(snapshot: IntrinsicsSnapshot): string[] {
  const restored: string[] = [];
  for (const { owner, target, key, descriptor } of snapshot) {
    if (sameDescriptor(getOwnPropertyDescriptor(target, key), descriptor)) continue;
    // Fails (false) only on an owner the model froze after patching it: the name still says it was changed.
    defineProperty(target, key, descriptor);
    restored.push(`${owner}.${String(key)}`);
  }
  return restored;
}
