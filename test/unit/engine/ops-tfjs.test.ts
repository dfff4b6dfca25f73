// Every op's forward and backward against TensorFlow.js on the same inputs.
import { test } from "node:test";
import { concat, conv2d, maxPool2d, stack, type Tensor } from "../../../src/engine/index";
import { assertMatchesTfjs as same } from "./tfjs";

const pos = (x: Tensor): Tensor => x.abs().add(0.5); // keeps log, div and fractional pow away from 0

test("binary ops with broadcasting", async () => {
  for (const [a, b] of [[[3, 4], [3, 4]], [[2, 1, 4], [3, 1]], [[1], [2, 3]], [[], [2, 2]]]) {
    await same((x, y) => x.add(y), (tf, x, y) => tf.add(x, y), [a, b]);
    await same((x, y) => x.sub(y), (tf, x, y) => tf.sub(x, y), [a, b]);
    await same((x, y) => x.mul(y), (tf, x, y) => tf.mul(x, y), [a, b]);
    await same((x, y) => x.div(pos(y)), (tf, x, y) => tf.div(x, tf.add(tf.abs(y), 0.5)), [a, b]);
    await same((x, y) => pos(x).pow(y), (tf, x, y) => tf.pow(tf.add(tf.abs(x), 0.5), y), [a, b]);
  }
});

test("unary ops", async () => {
  const s = [[3, 1, 4]];
  await same((x) => x.neg(), (tf, x) => tf.neg(x), s);
  await same((x) => x.exp(), (tf, x) => tf.exp(x), s);
  await same((x) => pos(x).log(), (tf, x) => tf.log(tf.add(tf.abs(x), 0.5)), s);
  await same((x) => pos(x).sqrt(), (tf, x) => tf.sqrt(tf.add(tf.abs(x), 0.5)), s);
  await same((x) => x.tanh(), (tf, x) => tf.tanh(x), s);
  await same((x) => x.sigmoid(), (tf, x) => tf.sigmoid(x), s);
  await same((x) => x.relu(), (tf, x) => tf.relu(x), s);
  await same((x) => x.abs(), (tf, x) => tf.abs(x), s);
  await same((x) => x.clamp({ min: -0.5, max: 0.3 }), (tf, x) => tf.clipByValue(x, -0.5, 0.3), s);
  await same((x) => x.pow(3), (tf, x) => tf.pow(x, 3), s);
});

test("reductions", async () => {
  for (const dim of [0, 1, -1]) {
    await same((x) => x.sum(dim), (tf, x) => tf.sum(x, dim), [[2, 3, 4]]);
    await same((x) => x.mean(dim, true), (tf, x) => tf.mean(x, dim, true), [[2, 3, 4]]);
    await same((x) => x.max(dim), (tf, x) => tf.max(x, dim), [[2, 3, 4]]);
  }
  await same((x) => x.max(), (tf, x) => tf.max(x), [[3, 5]]);
  await same((x) => x.mean(), (tf, x) => tf.mean(x), [[3, 5]]);
});

test("mm and batched matmul with broadcast batch dims", async () => {
  await same((a, b) => a.mm(b), (tf, a, b) => tf.matMul(a, b), [[5, 7], [7, 3]]);
  await same((a, b) => a.matmul(b), (tf, a, b) => tf.matMul(a, b), [[2, 3, 4], [2, 4, 5]]);
  // tfjs's own BatchMatMul gradient rejects broadcast batches, so the reference broadcasts b explicitly.
  await same((a, b) => a.matmul(b), (tf, a, b) => tf.matMul(a, tf.broadcastTo(b, [2, 4, 5])), [[2, 3, 4], [1, 4, 5]]);
});

test("shape ops, concat and stack", async () => {
  await same((x) => x.t(), (tf, x) => tf.transpose(x), [[3, 4]]);
  await same((x) => x.transpose(0, 2), (tf, x) => tf.transpose(x, [2, 1, 0]), [[2, 3, 4]]);
  await same((x) => x.reshape([6, -1]), (tf, x) => tf.reshape(x, [6, 4]), [[2, 3, 4]]);
  await same((x) => x.slice(1, 3, 1), (tf, x) => tf.slice(x, [0, 1], [-1, 2]), [[3, 5]]);
  await same((a, b) => concat([a, b], 1), (tf, a, b) => tf.concat([a, b], 1), [[2, 3], [2, 2]]);
  await same((a, b) => stack([a, b], 1), (tf, a, b) => tf.stack([a, b], 1), [[2, 3], [2, 3]]);
});

test("softmax and logSoftmax", async () => {
  await same((x) => x.softmax(-1), (tf, x) => tf.softmax(x), [[3, 5]]);
  await same((x) => x.logSoftmax(1), (tf, x) => tf.logSoftmax(x), [[3, 5]]);
});

// tfjs pools and convolves NHWC with filters [KH, KW, C, F]; gradlens is NCHW with [F, C, KH, KW].
const toNhwc = [0, 2, 3, 1];
const toNchw = [0, 3, 1, 2];

test("maxPool2d (NCHW) against tfjs maxPool (NHWC)", async () => {
  await same((x) => maxPool2d(x, 2), (tf, x) => tf.transpose(tf.maxPool(tf.transpose(x, toNhwc) as never, 2, 2, "valid"), toNchw), [[2, 3, 4, 6]]);
  await same((x) => maxPool2d(x, 3, 1), (tf, x) => tf.transpose(tf.maxPool(tf.transpose(x, toNhwc) as never, 3, 1, "valid"), toNchw), [[1, 2, 5, 5]]);
});

test("conv2d (NCHW) against tfjs conv2d (NHWC)", async () => {
  const theirs = (stride: number, pad: number) => (tf: typeof import("@tensorflow/tfjs-core"), x: any, w: any) =>
    tf.transpose(tf.conv2d(tf.transpose(x, toNhwc) as never, tf.transpose(w, [2, 3, 1, 0]) as never, stride,
      [[0, 0], [pad, pad], [pad, pad], [0, 0]]), toNchw);
  await same((x, w) => conv2d(x, w), theirs(1, 0), [[2, 3, 6, 5], [4, 3, 3, 3]]);
  await same((x, w) => conv2d(x, w, { stride: 2, padding: 1 }), theirs(2, 1), [[1, 2, 7, 7], [3, 2, 3, 3]]);
});
