// Syntax trees of workspace files the cost model follows calls into (a method of the model defined
// in another addon file). Parsed on demand from disk, kept in a small LRU keyed by path and
// validated by mtime and size, so a hover that follows a call pays the parse once per edit of the
// callee's file. Trees are wasm memory: evicted ones are deleted.
import * as fs from 'node:fs';
import { parsePython, type Tree } from '../parse/parser';

/** Files above this are not parsed for a hover (generated code, vendored data). */
export const MAX_FOLLOWED_FILE_BYTES = 512 * 1024;

interface Entry {
  tree: Tree;
  mtimeMs: number;
  size: number;
}

export class FileTrees {
  private entries = new Map<string, Entry>();

  constructor(private capacity = 16, private maxBytes = MAX_FOLLOWED_FILE_BYTES) {}

  /** The tree of `file` as it is on disk; undefined when unreadable, too large or not Python. */
  get(file: string): Tree | undefined {
    let st: fs.Stats;
    try {
      st = fs.statSync(file);
    } catch {
      this.drop(file);
      return undefined;
    }
    if (!st.isFile() || st.size > this.maxBytes) {
      this.drop(file);
      return undefined;
    }
    const hit = this.entries.get(file);
    if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) {
      // Most recently used last (Map keeps insertion order).
      this.entries.delete(file);
      this.entries.set(file, hit);
      return hit.tree;
    }
    this.drop(file);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
    const tree = parsePython(text);
    this.entries.set(file, { tree, mtimeMs: st.mtimeMs, size: st.size });
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.drop(oldest);
    }
    return tree;
  }

  get size(): number {
    return this.entries.size;
  }

  private drop(file: string): void {
    const e = this.entries.get(file);
    if (!e) return;
    this.entries.delete(file);
    e.tree.delete();
  }

  clear(): void {
    for (const file of [...this.entries.keys()]) this.drop(file);
  }
}
