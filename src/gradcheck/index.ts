// The gradient checker's public surface for the runner and the CLI (see docs/internals.md "gradcheck").
export { checkModel, type CheckOptions, type CheckOutcome } from "./check-model";
export { renderText } from "./render";
