// What a graph panel is called and what its exports are called, from its model file. Pure: unit-tested in plain node.
import { basename, dirname, join } from "node:path";

/** `gradlens: two-layer.ts`: one panel per model file, so the tab names the file. */
export function panelTitle(file: string | undefined): string {
  return file ? `gradlens: ${basename(file)}` : "gradlens";
}

/**
 * Where the save dialog starts for an export: beside the model file, named after it and the check shown
 * (`/w/two-layer.ts`, check `twoLayer`, `svg` → `/w/two-layer-twoLayer.svg`). Without a file, a bare name.
 */
export function exportPath(file: string | undefined, check: string | undefined, extension: string): string {
  const base = file ? basename(file).replace(/\.[^.]+$/, "") : "gradlens";
  const name = `${base}${check ? `-${check}` : ""}.${extension}`;
  return file ? join(dirname(file), name) : name;
}
