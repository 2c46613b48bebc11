// Offsets <-> line/character positions over plain strings. Characters are UTF-16 code units, as
// in JavaScript strings, tree-sitter columns of a UTF-16 parse and LSP positions.
import type { Position } from '../rules/types';

/** Offsets of the start of each line ('\n' ends a line; a '\r' before it stays part of the line). */
export function lineStarts(source: string): number[] {
  const starts = [0];
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Position → offset; a character past the end of its line is clamped to the line end. */
export function offsetAt(source: string, pos: Position, starts = lineStarts(source)): number {
  if (pos.line >= starts.length) return source.length;
  const lineEnd = pos.line + 1 < starts.length ? starts[pos.line + 1] - 1 : source.length;
  return Math.min(starts[pos.line] + pos.character, lineEnd);
}

/** Offset → position (binary search over the line starts). */
export function positionAt(source: string, offset: number, starts = lineStarts(source)): Position {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}
