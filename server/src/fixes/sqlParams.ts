// OP401 sql-injection: `cr.execute("... %s ..." % x)` -> `cr.execute("... %s ...", (x,))`, letting
// psycopg2 escape the values. Offered only when the rewrite is certain:
// - the query is a plain string literal (not an f-string, not built elsewhere) `%` a value, a tuple
//   or a dict, and execute() has no parameters yet;
// - every placeholder is `%s` (tuple/value) or `%(name)s` (dict), their count matches the tuple;
//   `%%` stays as it is (psycopg2 reads it as `%` too);
// - no placeholder stands where SQL wants an identifier (after FROM, JOIN, INTO, UPDATE, TABLE,
//   ORDER/GROUP BY, AS, or next to a dot): a parameter there would be a quoted string, not a name.
// A placeholder wrapped in single quotes (`'%s'`) loses its quotes: psycopg2 adds them.
import type { Node } from '../parse/parser';
import { unparen } from '../rules/analysis/syntax';
import { nodeAtRange, nodeRange, positionAt } from './edits';
import type { Fix, FixProvider, TextEdit } from './types';

const IDENTIFIER_BEFORE = /(?:\b(?:FROM|JOIN|INTO|UPDATE|TABLE|BY|AS|ON\s+TABLE)|\.)\s*["']?$/i;
const PLACEHOLDER = /%(?:\(([A-Za-z_]\w*)\))?(.)/g;

interface Placeholders { positional: number; named: string[]; ok: boolean }

function scan(content: string): Placeholders & { quoted: number[] } {
  const out = { positional: 0, named: [] as string[], ok: true, quoted: [] as number[] };
  for (const m of content.matchAll(PLACEHOLDER)) {
    if (m[2] === '%' && !m[1]) continue;
    if (m[2] !== 's') {
      out.ok = false;
      continue;
    }
    if (m[1]) out.named.push(m[1]);
    else out.positional++;
    const before = content.slice(0, m.index);
    const after = content.slice(m.index! + m[0].length);
    if (IDENTIFIER_BEFORE.test(before) || after.startsWith('.')) out.ok = false;
    // `'%s'`: the quotes go, psycopg2 quotes the value itself. A quote on one side only (LIKE
    // '%s%%') is not certain.
    const qBefore = before.endsWith("'");
    const qAfter = after.startsWith("'");
    if (qBefore && qAfter) out.quoted.push(m.index!);
    else if (qBefore || qAfter || before.endsWith('"') || after.startsWith('"')) out.ok = false;
  }
  return out;
}

function queryArg(call: Node): Node | undefined {
  const args = call.childForFieldName('arguments');
  const list = args?.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment') ?? [];
  return list.length === 1 && list[0].type !== 'keyword_argument' ? list[0] : undefined;
}

export const sqlParamsFix: FixProvider = {
  code: 'OP401',
  fixes(finding, ctx) {
    const fn = nodeAtRange(ctx.tree, finding.range);
    const call = fn?.parent;
    if (!fn || call?.type !== 'call' || fn.childForFieldName('attribute')?.text !== 'execute') return [];
    const query = queryArg(call);
    if (query?.type !== 'binary_operator' || query.childForFieldName('operator')?.type !== '%') return [];
    const left = query.childForFieldName('left');
    const right = query.childForFieldName('right');
    if (left?.type !== 'string' || !right) return [];
    const start = left.child(0);
    if (!start || start.type !== 'string_start' || /[fFbB]/.test(start.text)) return [];
    if (left.namedChildren.some((c) => c?.type === 'interpolation' || c?.type === 'escape_sequence')) return [];
    const delimiter = start.text.replace(/^[rRuU]*/, '');
    const contentNodes = left.namedChildren.filter((c): c is Node => c?.type === 'string_content');
    const content = contentNodes.map((c) => c.text).join('');
    const found = scan(content);
    if (!found.ok || (found.positional && found.named.length) || (!found.positional && !found.named.length)) return [];
    // A quote char of the SQL that is also the Python delimiter cannot be removed safely.
    if (found.quoted.length && delimiter.includes("'")) return [];

    const value = unparen(right);
    let params: string;
    if (found.named.length) {
      if (value.type !== 'dictionary' && value.type !== 'identifier') return [];
      params = right.text;
    } else if (value.type === 'tuple') {
      const items = value.namedChildren.filter((c) => c && c.type !== 'comment');
      if (items.length !== found.positional || items.some((c) => c!.type === 'list_splat')) return [];
      params = value.text;
    } else {
      // One value: `% x` formats x itself (unless x is a tuple at run time, which a single `%s`
      // with a tuple would reject anyway); `(x,)` is the parameter tuple.
      if (found.positional !== 1 || ['list', 'dictionary', 'set', 'list_comprehension', 'generator_expression'].includes(value.type)) return [];
      params = `(${value.text},)`;
    }

    const edits: TextEdit[] = [];
    if (contentNodes.length !== 1 && found.quoted.length) return [];
    for (const at of found.quoted) {
      // Positions inside the single content node: remove the quote before and after the `%s`.
      const node = contentNodes[0];
      const abs = node.startIndex + at;
      edits.push(offsetEdit(ctx, abs - 1, abs, ''));
      edits.push(offsetEdit(ctx, abs + 2, abs + 3, ''));
    }
    // `"..." % x` -> `"...", (x,)`: the operator becomes a comma; a line break before it is kept.
    const gap = ctx.source.slice(left.endIndex, right.startIndex);
    const before = gap.slice(0, gap.indexOf('%'));
    const sep = before.includes('\n') ? `,${before}` : ', ';
    edits.push({ file: ctx.file, range: { start: nodeRange(left).end, end: nodeRange(right).start }, newText: sep });
    edits.push({ file: ctx.file, range: nodeRange(right), newText: params });
    const fix: Fix = { title: 'Pass the values as query parameters', code: 'OP401', edits, preferred: true, safe: true };
    return [fix];
  },
};

function offsetEdit(ctx: { file: string; source: string }, start: number, end: number, newText: string): TextEdit {
  // Node indexes are UTF-16 offsets into the source, like JS string indexes.
  return { file: ctx.file, range: { start: positionAt(ctx.source, start), end: positionAt(ctx.source, end) }, newText };
}
