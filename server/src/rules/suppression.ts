// Python-habit suppression: `# noqa: OP101` / `# noqa: search-in-loop` on the reported line
// (a bare `# noqa` silences every rule on it), and a file-level `# odoo-perf: disable=OP101,OP102`.
import type { Node, Tree } from '../parse/parser';
import { nodesOfType } from '../odoo/treeMemo';
import type { Finding } from './types';

export interface Suppressions {
  /** line -> set of codes/names, or '*' for all. */
  lines: Map<number, Set<string>>;
  file: Set<string>;
}

const NOQA = /#\s*noqa\b(?::\s*([A-Za-z0-9_,\s-]+))?/i;
const SUPPRESSION_HINT = /noqa|odoo-perf/i;
const FILE_DISABLE = /#\s*odoo-perf:\s*disable\s*=\s*([A-Za-z0-9_,\s-]+)/i;

function splitCodes(list: string): string[] {
  return list.split(/[\s,]+/).map((c) => c.trim()).filter(Boolean).map((c) => (/^op\d+$/i.test(c) ? c.toUpperCase() : c.toLowerCase()));
}

/** Collects suppressions from real comment nodes, so a '# noqa' inside a string does not count. */
export function collectSuppressions(tree: Tree): Suppressions {
  const out: Suppressions = { lines: new Map(), file: new Set() };
  // Most files carry no suppression at all: a text check spares the comment search. The comment
  // nodes are found inside wasm (descendantsOfType) rather than by walking every node from JS.
  const root = tree.rootNode;
  if (!SUPPRESSION_HINT.test(root.text)) return out;
  for (const node of nodesOfType<Node>(tree, 'comment')) {
    if (!node) continue;
    const text = node.text;
    const fileMatch = FILE_DISABLE.exec(text);
    if (fileMatch) for (const c of splitCodes(fileMatch[1])) out.file.add(c);
    const m = NOQA.exec(text);
    if (m) {
      const codes = m[1] ? splitCodes(m[1]) : ['*'];
      const line = node.startPosition.row;
      const set = out.lines.get(line) ?? new Set<string>();
      for (const c of codes) set.add(c);
      out.lines.set(line, set);
    }
  }
  return out;
}

export function isSuppressed(f: Finding, s: Suppressions): boolean {
  if (s.file.has(f.code) || s.file.has(f.rule) || s.file.has('ALL') || s.file.has('all')) return true;
  // A finding spanning several lines may carry its noqa on its first or its last line.
  for (const line of new Set([f.range.start.line, f.range.end.line])) {
    const set = s.lines.get(line);
    if (set && (set.has('*') || set.has(f.code) || set.has(f.rule))) return true;
  }
  return false;
}
