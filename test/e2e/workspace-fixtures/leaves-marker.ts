// e2e fixture: running this file creates the file named by GRADLENS_E2E_MARKER, so a test can tell whether any model
// code ran. In an untrusted workspace gradlens must not run it.
import { writeFileSync } from "node:fs";
import { randn, defineCheck } from "gradlens";

const marker = process.env.GRADLENS_E2E_MARKER;
if (marker) writeFileSync(marker, "model code ran\n");

export const square = defineCheck({
  inputs: { w: randn([3], { seed: 1 }) },
  forward: ({ w }) => w.mul(w).sum(),
});
