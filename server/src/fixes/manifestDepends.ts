// Adding a dependency to an addon's __manifest__.py in the manifest's own style: a one-line list
// gets `, "x"`; a list with one entry per line gets a new line at the entries' indentation, with a
// trailing comma when the last entry has one (and a comma added after the last entry otherwise).
// The manifest is read from disk: it is rarely open in the editor while a Python file is fixed.
import * as fs from 'node:fs';
import type { Node } from '../parse/parser';
import { parsePython } from '../parse/parser';
import { eolOf, indentOf, insertAt } from './edits';
import type { TextEdit } from './types';

function stringValue(n: Node | null | undefined): string | undefined {
  if (n?.type !== 'string' || n.namedChildren.some((c) => c?.type === 'interpolation')) return undefined;
  return n.namedChildren.filter((c) => c?.type === 'string_content').map((c) => c!.text).join('');
}

/** The `depends` list node of a manifest's top-level dict, if written as a literal list. */
function dependsList(root: Node): Node | undefined {
  const top = root.namedChildren.find((c) => c?.type === 'expression_statement')?.namedChildren[0];
  if (top?.type !== 'dictionary') return undefined;
  for (const pair of top.namedChildren) {
    if (pair?.type !== 'pair' || stringValue(pair.childForFieldName('key')) !== 'depends') continue;
    const value = pair.childForFieldName('value');
    return value?.type === 'list' ? value : undefined;
  }
  return undefined;
}

/**
 * The edit adding `dep` to the manifest's depends; [] when it is already there; undefined when the
 * manifest cannot be read or its depends is not a literal list (no safe edit).
 */
export function addDependency(manifestPath: string, dep: string): TextEdit[] | undefined {
  let source: string;
  try {
    source = fs.readFileSync(manifestPath, 'utf8');
  } catch {
    return undefined;
  }
  const tree = parsePython(source);
  try {
    if (tree.rootNode.hasError) return undefined;
    const list = dependsList(tree.rootNode);
    if (!list) return undefined;
    const items = list.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
    if (items.some((i) => stringValue(i) === dep)) return [];
    if (items.some((i) => stringValue(i) === undefined)) return undefined;
    const quote = items[0]?.text.startsWith("'") ? "'" : items[0] ? '"' : source.split("'").length > source.split('"').length ? "'" : '"';
    const text = `${quote}${dep}${quote}`;
    const open = list.child(0)!;
    const close = list.child(list.childCount - 1)!;
    const last = items[items.length - 1];
    if (!last) return [insertAt(manifestPath, { line: open.endPosition.row, character: open.endPosition.column }, text)];
    const trailing = list.children.find((c) => !!c && c.type === ',' && c.startIndex >= last.endIndex);
    const at = (n: Node) => ({ line: n.endPosition.row, character: n.endPosition.column });
    const multiLine = close.startPosition.row > last.endPosition.row;
    if (multiLine) {
      const indent = indentOf(source, last.startPosition.row);
      const eol = eolOf(source);
      // After the last entry (and its comma), on a line of its own at the same indentation.
      // A comment after the last entry stays on its line.
      const comment = list.children.find((c) => !!c && c.type === 'comment' && c.startIndex >= last.endIndex && c.startPosition.row === last.endPosition.row);
      if (trailing) return [insertAt(manifestPath, at(comment ?? trailing), `${eol}${indent}${text},`)];
      if (comment) return [insertAt(manifestPath, at(last), ','), insertAt(manifestPath, at(comment), `${eol}${indent}${text}`)];
      return [insertAt(manifestPath, at(last), `,${eol}${indent}${text}`)];
    }
    if (trailing) return [insertAt(manifestPath, at(trailing), ` ${text},`)];
    return [insertAt(manifestPath, at(last), `, ${text}`)];
  } finally {
    tree.delete();
  }
}
