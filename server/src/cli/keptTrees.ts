// Syntax trees the workspace scan hands over for the lint pass of the same run, so a file is parsed
// once, not twice (index, then lint), and the rules find the index's extractions in the per-tree
// memo. On the 304k-line benchmark that is about a third of the whole run.
//
// A tree costs about 40 bytes of wasm memory per byte of source (measured: 12.9 MB of Python kept
// as trees took ~490 MB), and wasm memory never shrinks, so only up to BUDGET_BYTES of source is
// kept in all (worker threads share it out); the other files are parsed again when linted.
import type { Tree } from '../parse/parser';

/** ~8 MB of source ≈ 300 MB of trees: whole for most code bases, bounded for the largest. */
export const BUDGET_BYTES = 8 * 1024 * 1024;

/** The budget in bytes of source: ODOO_PERF_KEEP_TREES_MB when set (0 = keep none, e.g. on a
 * CI runner short of memory), else BUDGET_BYTES. */
export function treeBudget(): number {
  const mb = Number(process.env.ODOO_PERF_KEEP_TREES_MB);
  return process.env.ODOO_PERF_KEEP_TREES_MB && Number.isFinite(mb) && mb >= 0 ? mb * 1024 * 1024 : BUDGET_BYTES;
}

export interface KeptTree { source: string; tree: Tree }

export class KeptTrees {
  private readonly kept = new Map<string, KeptTree>();
  private bytes = 0;

  /** `wanted`: the files this thread will lint (the scan also reads files it won't lint). */
  constructor(private readonly wanted: ReadonlySet<string>, private readonly budget = treeBudget()) {}

  /** The scan's keepTree hook: true when the tree is taken. */
  offer = (file: string, source: string, tree: Tree): boolean => {
    if (!this.wanted.has(file) || this.kept.has(file) || this.bytes + source.length > this.budget) return false;
    this.kept.set(file, { source, tree });
    this.bytes += source.length;
    return true;
  };

  /** Hands a kept tree over (the caller deletes it), once. */
  take(file: string): KeptTree | undefined {
    const k = this.kept.get(file);
    if (k) {
      this.kept.delete(file);
      this.bytes -= k.source.length;
    }
    return k;
  }

  files(): string[] {
    return [...this.kept.keys()];
  }

  /** Frees what was never taken (a file the lint skipped, a worker that stopped early). */
  dispose(): void {
    for (const k of this.kept.values()) k.tree.delete();
    this.kept.clear();
    this.bytes = 0;
  }
}
