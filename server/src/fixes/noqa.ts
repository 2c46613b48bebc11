// "Ignore OPxxx on this line": adds `# noqa: OPxxx` at the end of the finding's line, or extends
// the noqa list already there (keeping its codes). Never safe for fixAll: it hides, it does not fix.
import type { Node } from '../parse/parser';
import type { Finding } from '../rules/types';
import { lineStarts } from './edits';
import type { Fix, FixContext, TextEdit } from './types';

const NOQA_LIST = /#\s*noqa\s*:\s*/i;
const CODE_RUN = /^[A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*/;

function lineText(source: string, starts: number[], line: number): string {
  const end = line + 1 < starts.length ? starts[line + 1] - 1 : source.length;
  return source.slice(starts[line], end).replace(/\r$/, '');
}

/** A comment can end this line: its end is not inside a string and it does not continue with `\`. */
function commentable(ctx: FixContext, line: number, text: string): boolean {
  if (/\\\s*$/.test(text)) return false;
  const column = text.length;
  let node: Node | null = ctx.tree.rootNode.descendantForPosition({ row: line, column: Math.max(0, column - 1) });
  for (; node; node = node.parent) {
    if ((node.type === 'string' || node.type === 'string_content') && node.endPosition.row > line) return false;
  }
  return true;
}

function commentOn(ctx: FixContext, line: number): Node | undefined {
  const comments = ctx.tree.rootNode.descendantsOfType('comment', { row: line, column: 0 }, { row: line + 1, column: 0 });
  return comments.find((n): n is Node => !!n && n.startPosition.row === line);
}

function editFor(ctx: FixContext, finding: Finding, line: number, text: string): TextEdit | undefined {
  const comment = commentOn(ctx, line);
  if (comment) {
    const m = NOQA_LIST.exec(comment.text);
    if (m) {
      const listStart = m.index + m[0].length;
      const run = CODE_RUN.exec(comment.text.slice(listStart));
      if (run) {
        // Extend the existing list in its own separator style.
        const sep = /,\s/.test(run[0]) || !run[0].includes(',') ? ', ' : ',';
        const at = comment.startPosition.column + listStart + run[0].length;
        return { file: ctx.file, range: { start: { line, character: at }, end: { line, character: at } }, newText: `${sep}${finding.code}` };
      }
    }
    const end = comment.endPosition.column;
    return { file: ctx.file, range: { start: { line, character: end }, end: { line, character: end } }, newText: `  # noqa: ${finding.code}` };
  }
  if (!commentable(ctx, line, text)) return undefined;
  const trimmed = text.replace(/[ \t]+$/, '').length;
  return {
    file: ctx.file,
    range: { start: { line, character: trimmed }, end: { line, character: text.length } },
    newText: `  # noqa: ${finding.code}`,
  };
}

export function ignoreFix(finding: Finding, ctx: FixContext): Fix | undefined {
  const starts = lineStarts(ctx.source);
  // The engine honours a noqa on the first or the last line of a finding.
  for (const line of [finding.range.start.line, finding.range.end.line]) {
    if (line >= starts.length) continue;
    const edit = editFor(ctx, finding, line, lineText(ctx.source, starts, line));
    if (edit) return { title: `Ignore ${finding.code} on this line`, code: finding.code, edits: [edit], safe: false };
  }
  return undefined;
}
