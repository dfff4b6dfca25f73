// e2e fixture: running this file creates model-code-ran.txt beside it, so a test can tell whether any model code ran.
// In an untrusted workspace gradlens must not run it. (The runner gives model code __dirname, and no environment.)
import { writeFileSync } from "node:fs";
import { randn, defineCheck } from "gradlens";

declare const __dirname: string;
writeFileSync(`${__dirname}/model-code-ran.txt`, "model code ran\n");

export const square = defineCheck({
  inputs: { w: randn([3], { seed: 1 }) },
  forward: ({ w }) => w.mul(w).sum(),
});
