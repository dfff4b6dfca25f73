// Run-on-save: a burst of saves (format on save, save all) becomes one run per file, after the saves settle.
// The runner itself cancels the run before it, so a save during a run restarts it.
import type { Uri } from "vscode";

export class SaveDebouncer {
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly delayMs: number, private readonly run: (uri: Uri) => void) {}

  saved(uri: Uri): void {
    const key = uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.set(key, setTimeout(() => {
      this.pending.delete(key);
      this.run(uri);
    }, this.delayMs));
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }
}
