// Adding a keyword argument to a call while keeping its layout: one line, hanging, or one
// argument per line with or without a trailing comma (the closing parenthesis on its own line).
import type { Node } from '../parse/parser';
import { indentOf, insertAt } from './edits';
import type { TextEdit } from './types';

function argumentNodes(args: Node): Node[] {
  return args.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment');
}

/** The edits that append `keyword=value` as the last argument of `call`; undefined if unsure. */
export function appendKeyword(file: string, source: string, call: Node, text: string): TextEdit[] | undefined {
  const args = call.childForFieldName('arguments');
  if (!args || args.type !== 'argument_list') return undefined;
  const open = args.child(0);
  const close = args.child(args.childCount - 1);
  if (open?.type !== '(' || close?.type !== ')') return undefined;
  const list = argumentNodes(args);
  const last = list[list.length - 1];
  if (!last) return [insertAt(file, { line: open.endPosition.row, character: open.endPosition.column }, text)];
  // A comma between the last argument and ')' is a trailing comma.
  const trailing = args.children.find((c) => !!c && c.type === ',' && c.startIndex >= last.endIndex);
  const closeIndent = indentOf(source, close.startPosition.row);
  const closeStartsLine = closeIndent.length === close.startPosition.column;
  const onePerLine = last.startPosition.row > open.startPosition.row && close.startPosition.row > last.endPosition.row && closeStartsLine;
  if (onePerLine) {
    const indent = indentOf(source, last.startPosition.row);
    const lineStart = { line: close.startPosition.row, character: 0 };
    const eol = source.includes('\r\n') ? '\r\n' : '\n';
    if (trailing) return [insertAt(file, lineStart, `${indent}${text},${eol}`)];
    return [
      insertAt(file, { line: last.endPosition.row, character: last.endPosition.column }, ','),
      insertAt(file, lineStart, `${indent}${text}${eol}`),
    ];
  }
  if (trailing) return [insertAt(file, { line: trailing.endPosition.row, character: trailing.endPosition.column }, ` ${text},`)];
  return [insertAt(file, { line: last.endPosition.row, character: last.endPosition.column }, `, ${text}`)];
}

/** The value node of `name=` in the call, if any. */
export function keywordValue(call: Node, name: string): Node | undefined {
  const args = call.childForFieldName('arguments');
  for (const a of args ? argumentNodes(args) : []) {
    if (a.type === 'keyword_argument' && a.childForFieldName('name')?.text === name) return a.childForFieldName('value') ?? undefined;
  }
  return undefined;
}

/** `**kwargs` in the call: it may already carry the keyword (adding it again is a TypeError). */
export function hasKwargsSplat(call: Node): boolean {
  const args = call.childForFieldName('arguments');
  return !!args && argumentNodes(args).some((a) => a.type === 'dictionary_splat');
}

/** The quote character the call's own string arguments use, else the given fallback. */
export function quoteOfCall(call: Node, fallback: string): string {
  const s = call.descendantsOfType('string_start')[0];
  const q = s?.text.replace(/^[a-zA-Z]+/, '')[0];
  return q === '"' || q === "'" ? q : fallback;
}
