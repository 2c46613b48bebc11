// OP101 search-in-loop -> one grouped query before the loop. Handles the three shapes that count
// or sum per loop record:
//   X.search_count([('f', '=', rec.id), ...])      -> count per rec
//   len(X.search([('f', '=', rec.id), ...]))         -> count per rec
//   sum(X.search([('f', '=', rec.id), ...]).mapped('amount'))  -> sum per rec
// The query written, per Odoo version, and why it is read through `_origin`: groupedQuery.ts.
// Offered only when certain: a plain `for rec in <name or attribute chain>:` loop not inside
// another loop, the call repeated by that loop only, the other domain terms and the receiver not
// depending on anything the loop binds, nothing in the loop writing records, a known Odoo version.
import type { Node } from '../parse/parser';
import { enclosingLoops } from '../rules/analysis/loops';
import { calleeName, callReceiver, enclosingFunction, positionalArgs, unparen } from '../rules/analysis/syntax';
import { nodeAtRange, nodeRange } from './edits';
import { freshName, groupedQueryText, hoistBefore, identifiers, NUMERIC, stringText, WRITES } from './groupedQuery';
import type { Fix, FixContext, FixProvider, TextEdit } from './types';

interface Shape { kind: 'count' | 'sum'; search: Node; replaced: Node; sumField?: string }

function onlyArg(call: Node): Node | undefined {
  const args = call.childForFieldName('arguments');
  const list = args?.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment') ?? [];
  return list.length === 1 && positionalArgs(call).length === 1 ? list[0] : undefined;
}

/** The expression to replace and what it computes, from the query call the finding points at. */
function shapeOf(call: Node): Shape | undefined {
  const method = calleeName(call);
  if (method === 'search_count') return onlyArg(call) ? { kind: 'count', search: call, replaced: call } : undefined;
  if (method !== 'search' || !onlyArg(call)) return undefined;
  const parent = call.parent;
  // len(X.search(d))
  if (parent?.type === 'argument_list' && parent.parent?.type === 'call' && parent.parent.childForFieldName('function')?.text === 'len' && onlyArg(parent.parent)?.id === call.id) {
    return { kind: 'count', search: call, replaced: parent.parent };
  }
  // sum(X.search(d).mapped('f'))
  const attr = parent?.type === 'attribute' && parent.childForFieldName('object')?.id === call.id ? parent : undefined;
  const mapped = attr?.parent;
  if (attr?.childForFieldName('attribute')?.text === 'mapped' && mapped?.type === 'call') {
    const field = stringText(onlyArg(mapped));
    const outer = mapped.parent?.parent;
    if (field && mapped.parent?.type === 'argument_list' && outer?.type === 'call' && outer.childForFieldName('function')?.text === 'sum' && onlyArg(outer)?.id === mapped.id) {
      return { kind: 'sum', search: call, replaced: outer, sumField: field };
    }
  }
  return undefined;
}

/** Names bound inside the loop (targets, assignments, nested for targets, with/as, walrus). */
function boundIn(loop: Node): Set<string> {
  const out = new Set<string>();
  const left = loop.childForFieldName('left');
  if (left) for (const n of identifiers(left)) out.add(n);
  for (const kind of ['assignment', 'augmented_assignment', 'for_statement', 'named_expression', 'as_pattern', 'for_in_clause']) {
    for (const n of loop.descendantsOfType(kind)) {
      const target = n?.childForFieldName(kind === 'named_expression' ? 'name' : kind === 'as_pattern' ? 'alias' : 'left');
      if (target) for (const id of identifiers(target)) out.add(id);
    }
  }
  return out;
}

/** A receiver/iterable evaluated once before the loop must not run code: names and attributes only. */
function plainPath(node: Node): boolean {
  const n = unparen(node);
  if (n.type === 'identifier') return true;
  if (n.type === 'attribute') return plainPath(n.childForFieldName('object')!);
  return false;
}

function modelOf(receiver: Node): string | undefined {
  // self.env['x.y'] (optionally .sudo() / .with_context(...) are rejected: keep it literal)
  const n = unparen(receiver);
  if (n.type !== 'subscript') return undefined;
  const value = n.childForFieldName('value');
  if (value?.type !== 'attribute' || value.childForFieldName('attribute')?.text !== 'env') return undefined;
  const s = n.childForFieldName('subscript');
  const c = s?.type === 'string' ? s.namedChildren.filter((x) => x?.type === 'string_content').map((x) => x!.text).join('') : undefined;
  return c && /^[\w.]+$/.test(c) ? c : undefined;
}

export const readGroupFix: FixProvider = {
  code: 'OP101',
  fixes(finding, ctx) {
    const v = ctx.odooVersion;
    if (v === undefined) return [];
    const call = nodeAtRange(ctx.tree, finding.range);
    if (call?.type !== 'call') return [];
    const shape = shapeOf(call);
    if (!shape) return [];
    // `field:sum` in read_group's fields is Odoo 12+ (before, the field name alone); a count works on any version.
    if (shape.sumField && v < 12) return [];
    const receiver = callReceiver(shape.search);
    if (!receiver) return [];

    // The loop: the call's innermost loop must be a plain for statement not itself in a loop.
    const loops = enclosingLoops(shape.replaced);
    const loop = loops[0];
    if (loops.length !== 1 || loop.kind !== 'for' || !loop.iterable || !plainPath(loop.iterable)) return [];
    const left = loop.node.childForFieldName('left');
    if (left?.type !== 'identifier') return [];
    const target = left.text;
    if (enclosingLoops(loop.node).length) return [];
    const body = loop.node.childForFieldName('body');
    if (!body || loop.node.childForFieldName('alternative')) return [];
    for (const c of body.descendantsOfType('call')) {
      const name = c ? calleeName(c) : undefined;
      if (name && WRITES.has(name)) return [];
    }
    const bound = boundIn(loop.node);
    if (identifiers(receiver).some((n) => bound.has(n)) || identifiers(loop.iterable).some((n) => bound.has(n))) return [];

    // The domain: one `('f', '=', rec.id)` / `('f', '=', rec)` leaf, the others loop-invariant.
    const domain = unparen(onlyArg(shape.search)!);
    if (domain.type !== 'list') return [];
    let keyLeaf: { field: string; op: Node; value: Node; quote: string } | undefined;
    for (const leaf of domain.namedChildren) {
      if (!leaf || leaf.type === 'comment') continue;
      const parts = leaf.type === 'tuple' || leaf.type === 'list' ? leaf.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment') : [];
      const value = parts[2];
      const isKey = parts.length === 3 && value && (value.text === target || value.text === `${target}.id`);
      if (isKey) {
        const field = stringText(parts[0]);
        if (keyLeaf || !field || !['=', '=='].includes(stringText(parts[1]) ?? parts[1].text.slice(1, -1))) return [];
        keyLeaf = { field, op: parts[1], value, quote: parts[0].text[0] };
        continue;
      }
      if (identifiers(leaf).some((n) => bound.has(n))) return [];
    }
    if (!keyLeaf) return [];

    // Workspace facts, when the model is known: a stored Many2one to group by, a stored number to sum.
    const model = modelOf(receiver);
    let certain = !!model;
    if (model) {
      const defs = ctx.workspace.field(model, keyLeaf.field);
      if (defs.length) {
        if (!defs.some((f) => f.type === 'Many2one' && f.stored)) return [];
      } else certain = false;
      if (shape.sumField) {
        const sums = ctx.workspace.field(model, shape.sumField);
        if (sums.length) {
          if (!sums.some((f) => NUMERIC.has(f.type) && f.stored)) return [];
        } else certain = false;
      }
    }

    const q = keyLeaf.quote === '"' ? '"' : "'";
    const f = keyLeaf.field;
    const base = f.replace(/_id$/, '') || f;
    const name = freshName(enclosingFunction(loop.node), shape.kind === 'count' ? `count_by_${base}` : `${shape.sumField}_by_${base}`);
    const src = ctx.source;
    // Domain text with the key leaf turned into ('f', 'in', records.ids).
    const domainText = src.slice(domain.startIndex, keyLeaf.op.startIndex) + `${q}in${q}` + src.slice(keyLeaf.op.endIndex, keyLeaf.value.startIndex) + `${loop.iterable.text}.ids` + src.slice(keyLeaf.value.endIndex, domain.endIndex);
    const { query, read, api } = groupedQueryText({ version: v, receiver: receiver.text, domain: domainText, groupBy: f, sumField: shape.sumField, quote: q, name, target });
    const edits: TextEdit[] = [hoistBefore(ctx, loop.node, `${name} = ${query}`), { file: ctx.file, range: nodeRange(shape.replaced), newText: read }];
    const what = shape.kind === 'count' ? 'Count' : `Sum ${shape.sumField}`;
    const title = `${what} with one ${api} before the loop${certain ? '' : ' (check: model or field not in the indexed addons)'}`;
    const fix: Fix = { title, code: 'OP101', edits, preferred: true, safe: certain };
    return [fix];
  },
};

export type { FixContext };
