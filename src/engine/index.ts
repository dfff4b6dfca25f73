// The module model files import as "gradlens": contract §1, nothing more.
export { Tensor } from "./tensor";
export type { Dtype } from "./tensor";
export { tensor, randn, rand, zeros, ones } from "./create";
export type { CreateOptions } from "./create";
export { noGrad } from "./autograd";
export { customOp } from "./custom";
export type { CustomCtx, CustomOpDef } from "./custom";
export { defineCheck } from "./check";
export type { CheckSpec } from "./check";
export { maxPool2d } from "./ops/pool";
export { conv2d } from "./ops/conv";
export { concat, stack } from "./ops/join";
