// One syntax tree per open document, kept in step with edits so a keystroke re-parses
// incrementally (about 1 ms for a 400-line file instead of a full parse).
//
// Offsets and columns are UTF-16 code units throughout: that is what LSP positions count and what
// web-tree-sitter reports for JS strings. Rows are counted on '\n' only, as tree-sitter does.
// No LSP types here: the language server translates its content changes into offsets.
import { Edit, type Point, type Tree } from 'web-tree-sitter';
import { parsePython } from './parser';

interface Entry {
  /** The last tree, possibly edited since it was parsed (then `parsedVersion` is stale). */
  tree: Tree | undefined;
  /** Version of the text `tree` was parsed from, before any later edits. */
  parsedVersion: number | undefined;
  /** Text length after the edits applied to `tree`; a mismatch means we lost track: full parse. */
  expectedLength: number | undefined;
}

/** Row/column of a UTF-16 offset, counting rows on '\n' like tree-sitter. */
export function pointAt(text: string, offset: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

/** The point reached after inserting `inserted` at `start`. */
function pointAfter(start: Point, inserted: string): Point {
  const lastNl = inserted.lastIndexOf('\n');
  if (lastNl === -1) return { row: start.row, column: start.column + inserted.length };
  let rows = 0;
  for (let i = inserted.indexOf('\n'); i !== -1; i = inserted.indexOf('\n', i + 1)) rows++;
  return { row: start.row + rows, column: inserted.length - lastNl - 1 };
}

/** The tree-sitter edit for replacing `before[start, oldEnd)` with `inserted`. */
export function editFor(before: string, start: number, oldEnd: number, inserted: string): Edit {
  const startPosition = pointAt(before, start);
  // Counted on from the start rather than from offset 0: pointAt scans every line above it, and a
  // second scan of a 5,000-line buffer per edit is wasted (the removed text is usually short).
  const oldEndPosition = pointAfter(startPosition, before.slice(start, oldEnd));
  return new Edit({
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: start + inserted.length,
    startPosition,
    oldEndPosition,
    newEndPosition: pointAfter(startPosition, inserted),
  });
}

export class ParsedDocuments {
  private readonly entries = new Map<string, Entry>();

  /** Starts tracking a document; the first tree is parsed lazily by `tree()`. */
  open(uri: string): void {
    this.close(uri);
    this.entries.set(uri, { tree: undefined, parsedVersion: undefined, expectedLength: undefined });
  }

  has(uri: string): boolean {
    return this.entries.has(uri);
  }

  /**
   * Records one change, given the text right before it. Several changes may arrive before the
   * next parse; tree-sitter accepts any number of edits on a tree before re-parsing.
   */
  edit(uri: string, before: string, start: number, oldEnd: number, inserted: string): void {
    const entry = this.entries.get(uri);
    if (!entry?.tree) return;
    if (entry.expectedLength !== undefined && entry.expectedLength !== before.length) {
      this.forget(entry);
      return;
    }
    entry.tree.edit(editFor(before, start, oldEnd, inserted));
    entry.expectedLength = before.length - (oldEnd - start) + inserted.length;
    entry.parsedVersion = undefined;
  }

  /** A whole-document replacement: the old tree says nothing useful about the new text. */
  replaceAll(uri: string): void {
    const entry = this.entries.get(uri);
    if (entry) this.forget(entry);
  }

  /** The tree for `text` at `version`, re-parsing (incrementally when possible) if needed. */
  tree(uri: string, text: string, version: number): Tree {
    let entry = this.entries.get(uri);
    if (!entry) {
      entry = { tree: undefined, parsedVersion: undefined, expectedLength: undefined };
      this.entries.set(uri, entry);
    }
    if (entry.tree && entry.parsedVersion === version) return entry.tree;
    const old = entry.tree && entry.expectedLength === text.length ? entry.tree : undefined;
    const tree = parsePython(text, old);
    entry.tree?.delete();
    entry.tree = tree;
    entry.parsedVersion = version;
    entry.expectedLength = text.length;
    return tree;
  }

  /** The current tree if it matches `version`, without parsing. */
  peek(uri: string, version: number): Tree | undefined {
    const entry = this.entries.get(uri);
    return entry?.parsedVersion === version ? entry.tree : undefined;
  }

  /** Stops tracking and frees the tree's wasm memory. */
  close(uri: string): void {
    const entry = this.entries.get(uri);
    if (!entry) return;
    this.forget(entry);
    this.entries.delete(uri);
  }

  dispose(): void {
    for (const uri of [...this.entries.keys()]) this.close(uri);
  }

  private forget(entry: Entry): void {
    entry.tree?.delete();
    entry.tree = undefined;
    entry.parsedVersion = undefined;
    entry.expectedLength = undefined;
  }
}
