// The backward walker: the only place that orders the graph, sums a gradient down to its input's shape
// (un-broadcasting), checks gradient shapes and counts, and accumulates gradients with +=.
import { type GradNode, unobserved } from "./autograd";
import { type CustomSaved, inputLabel } from "./custom";
import { ArgumentError, ShapeError, fmtShape } from "./errors";
import { reducibleTo, sameShape, sumToShape } from "./shapes";
import { Tensor, alloc } from "./tensor";

/** Tensors produced by ops that `root` depends on, each after all of its inputs (iterative DFS: deep graphs are fine). */
function topoOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>([root]);
  const stack: { t: Tensor; next: number }[] = [{ t: root, next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const inputs = top.t.node!.inputs;
    if (top.next < inputs.length) {
      const input = inputs[top.next++];
      if (input.node !== null && input.requiresGrad && !seen.has(input)) {
        seen.add(input);
        stack.push({ t: input, next: 0 });
      }
    } else {
      stack.pop();
      order.push(top.t);
    }
  }
  return order;
}

/** A copy of `g` in `dtype` (gradients take the dtype of what they are the gradient of, as PyTorch). */
const copyAs = (g: Tensor, dtype: Tensor["dtype"]): Tensor => Tensor.fromData(g.data, g.shape, dtype);

function sumTensors(a: Tensor, b: Tensor, dtype: Tensor["dtype"]): Tensor {
  const out = alloc(dtype, a.shape);
  for (let i = 0; i < out.length; i++) out[i] = a.data[i] + b.data[i];
  return new Tensor(out, a.shape);
}

/**
 * t.grad += g. The first gradient is kept as is: every gradient the walker holds is the engine's own (a user's seed
 * and a custom backward's results are copied on entry) and no op writes into a tensor, so nothing can change it.
 */
function accumulateInto(t: Tensor, g: Tensor): void {
  if (t.grad !== null) t.grad = sumTensors(t.grad, g, t.dtype);
  else t.grad = g.dtype === t.dtype ? g : copyAs(g, t.dtype);
}

/** A custom backward's faults are blamed on the op's definition, where that backward is written. */
function blame<E extends ShapeError | ArgumentError>(node: GradNode, e: E): E {
  if (node.def.kind === "custom") e.site = (node.saved as CustomSaved).definedAt;
  return e;
}

/** Turns what an op's backward returned into one gradient per input, checking the count and each shape. */
function gradsOf(node: GradNode, g: Tensor): (Tensor | null)[] {
  const op = node.def.name;
  const raw = node.def.backward!(g, node);
  const n = node.inputs.length;
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length !== n) {
    throw blame(node, new ArgumentError(
      `${op}.backward returned ${list.length} gradient${list.length === 1 ? "" : "s"} ` +
        `but the op has ${n} tensor input${n === 1 ? "" : "s"}: return one per input (null for none)`,
    ));
  }
  return list.map((gi, i) => {
    if (gi === null || gi === undefined) return null;
    const input = node.inputs[i];
    if (!(gi instanceof Tensor)) {
      const what = `${op}.backward returned ${typeof gi} for ${inputLabel(node, i)}; expected a Tensor or null`;
      throw blame(node, new ArgumentError(what));
    }
    // A custom backward may hand back one of its own tensors (even an input): keep a copy, never an alias.
    if (sameShape(gi.shape, input.shape)) return node.def.kind === "custom" ? copyAs(gi, gi.dtype) : gi;
    if (reducibleTo(gi.shape, input.shape)) {
      // Summed in float64 straight into the gradient; a float32 one is rounded once, from a float64 copy.
      const out = alloc(gi.dtype, input.shape);
      if (out instanceof Float64Array) sumToShape(gi.data, gi.shape, input.shape, out);
      else out.set(sumToShape(gi.data, gi.shape, input.shape));
      return new Tensor(out, input.shape);
    }
    throw blame(node, new ShapeError(
      `${op}.backward returned a gradient of shape ${fmtShape(gi.shape)} for ${inputLabel(node, i)}, ` +
        `which has shape ${fmtShape(input.shape)}`,
    ));
  });
}

export function runBackward(root: Tensor, seed: Tensor | undefined, retainGraph: boolean): void {
  if (!root.requiresGrad) {
    throw new ArgumentError("backward(): the tensor does not require grad (no input with requiresGrad: true reaches it)");
  }
  if (seed === undefined) {
    if (root.size !== 1) {
      throw new ShapeError(
        `backward(): the output has shape ${fmtShape(root.shape)}; without a gradient argument it must be a scalar ` +
          `(call .sum() first, or pass backward(grad) with shape ${fmtShape(root.shape)})`,
      );
    }
    seed = new Tensor(alloc(root.dtype, root.shape).fill(1), root.shape);
  } else if (!sameShape(seed.shape, root.shape)) {
    throw new ShapeError(`backward(): the gradient has shape ${fmtShape(seed.shape)} but the output has shape ${fmtShape(root.shape)}`);
  } else {
    seed = copyAs(seed, root.dtype);
  }
  if (root.node === null) {
    accumulateInto(root, seed);
    return;
  }
  const order = topoOrder(root);
  const pending = new Map<Tensor, Tensor>([[root, seed]]);
  unobserved(() => {
    for (let i = order.length - 1; i >= 0; i--) {
      const t = order[i];
      const g = pending.get(t);
      if (g === undefined) continue;
      pending.delete(t);
      if (t.retainsGrad) accumulateInto(t, g);
      const node = t.node!;
      if (node.freed) {
        throw new ArgumentError(
          `backward(): the graph through ${node.def.name} was freed by an earlier backward(); ` +
            "pass { retainGraph: true } to the first backward() to go through it twice",
        );
      }
      const grads = gradsOf(node, g);
      node.inputs.forEach((input, k) => {
        const gk = grads[k];
        if (gk === null || !input.requiresGrad) return;
        if (input.node === null) return accumulateInto(input, gk);
        const prev = pending.get(input);
        pending.set(input, prev === undefined ? gk : sumTensors(prev, gk, input.dtype));
      });
      if (!retainGraph) {
        node.freed = true;
        node.saved = undefined;
      }
    }
  });
}
