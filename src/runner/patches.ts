// Which of the engine's Tensor methods the model file replaced (Tensor.prototype.mul = …): the check runs the code as
// patched — the numerical derivatives go through the patched method too, so the verdict is still about the code that
// ran — but a report must say the engine's own op was not what ran. Snapshotted before user code loads.
import { Tensor } from "../engine/internal";

type Snapshot = Map<string, PropertyDescriptor | undefined>;

const ownDescriptors = (target: object, prefix: string, into: Snapshot) => {
  for (const key of Reflect.ownKeys(target)) {
    if (typeof key === "string") into.set(prefix + key, Reflect.getOwnPropertyDescriptor(target, key));
  }
};

export function snapshotMethods(): Snapshot {
  const snapshot: Snapshot = new Map();
  ownDescriptors(Tensor.prototype, "Tensor.prototype.", snapshot);
  ownDescriptors(Tensor, "Tensor.", snapshot);
  return snapshot;
}

const same = (a: PropertyDescriptor | undefined, b: PropertyDescriptor | undefined) =>
  a?.value === b?.value && a?.get === b?.get && a?.set === b?.set;

/** Names (`Tensor.prototype.mul`) of methods replaced, added or removed since the snapshot, in a stable order. */
export function patchedMethods(before: Snapshot): string[] {
  const now = snapshotMethods();
  const names = new Set([...before.keys(), ...now.keys()]);
  return [...names].filter((name) => !same(before.get(name), now.get(name))).sort();
}
