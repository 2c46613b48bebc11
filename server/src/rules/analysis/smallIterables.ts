// Iterables that look data-sized to the loop analysis but hold one record or a handful of items
// (loops.ts Size). Reviewers of OCA 16.0 judged the per-iteration warnings on these false:
// - `self` in an @api.onchange method: the one record of the form being edited;
// - `self` in a public method of a TransientModel: a wizard button runs on the wizard's own
//   record (the active_ids it works on are a different, data-sized loop, still reported);
// - `Model.browse(x)` where x is one id (`rec.res_id`, `ctx.get('active_id')`, `record_id`);
// - companies (`env['res.company'].search([])`, `mapped('company_id')`, `env.companies`, `self`
//   of res.company): a few rows, as OP201 already treats res.company;
// - the parts of a dotted path (`path.split('.')`), the nodes of a view arch (`arch.xpath(...)`
//   in get_view/fields_view_get) and the leaves of a domain: a code-sized handful, not records.
import type { Node } from '../../parse/parser';
import { classModelName } from './models';
import { enclosingMethod } from './orm';
import { perTree } from '../../odoo/treeMemo';
import { calleeName, callReceiver, enclosingClass, keywordArg, positionalArgs, unparen } from './syntax';


function decoratorsOf(fn: Node): string[] {
  const p = fn.parent;
  if (p?.type !== 'decorated_definition') return [];
  return p.namedChildren.filter((c): c is Node => c?.type === 'decorator').map((d) => d.text.replace(/^@\s*/, '').replace(/\s+/g, ''));
}

const TRANSIENT_BASE = /^(models\.)?TransientModel$/;

/**
 * Why `self` (a recordset in a model method) is one record, or undefined. Computes, constraints,
 * inverses and @api.model methods of a wizard are left alone: a wizard's lines model computes
 * over all its lines at once.
 */
export function selfIsOneRecord(self: Node): 'onchange' | 'wizard' | undefined {
  const fn = enclosingMethod(self);
  if (!fn) return undefined;
  const decorators = decoratorsOf(fn);
  // Odoo calls an onchange method on a one-record pseudo-recordset built from the form values.
  if (decorators.some((d) => /^(api\.)?onchange\(/.test(d))) return 'onchange';
  const cls = enclosingClass(fn);
  if (!cls || !isTransient(cls)) return undefined;
  // A button (type="object") can only call a public method; it gets the wizard's one record.
  const name = fn.childForFieldName('name')?.text ?? '';
  if (name.startsWith('_') || decorators.length) return undefined;
  // Lines of a wizard or of a report wizard (`report_asset_ids.generate_data()`) are many records.
  if (isWizardLine(cls)) return undefined;
  return 'wizard';
}

function isTransient(cls: Node): boolean {
  const bases = cls.childForFieldName('superclasses')?.namedChildren ?? [];
  return bases.some((b) => !!b && TRANSIENT_BASE.test(b.text.replace(/\s+/g, '')));
}

/** A Many2one named or pointing like a wizard: `wizard_id`, `wiz.stock.move.location`, `x.wizard`. */
const WIZARD_NAME = /(^|[._])wiz(ard)?([._]|$)/;

/**
 * The TransientModel is the line of another one: it has a Many2one to a TransientModel of the same
 * file, or to a model or through a field named like a wizard. Its methods run on all the lines.
 */
function isWizardLine(cls: Node): boolean {
  const memo = perTree(cls.tree, 'isWizardLine', () => new Map<number, boolean>());
  let line = memo.get(cls.id);
  if (line === undefined) {
    const transients = new Set<string>();
    for (const top of cls.tree.rootNode.namedChildren) {
      const c = top?.type === 'decorated_definition' ? top.childForFieldName('definition') : top;
      if (c?.type === 'class_definition' && isTransient(c)) {
        const model = classModelName(c);
        if (model) transients.add(model);
      }
    }
    line = many2ones(cls).some(({ field, comodel }) => WIZARD_NAME.test(field) || (!!comodel && (WIZARD_NAME.test(comodel) || transients.has(comodel))));
    memo.set(cls.id, line);
  }
  return line;
}

/** `name = fields.Many2one("comodel", ...)` / `(comodel_name="comodel")` statements of a class body. */
function many2ones(cls: Node): { field: string; comodel: string | undefined }[] {
  const out: { field: string; comodel: string | undefined }[] = [];
  for (const stmt of cls.childForFieldName('body')?.namedChildren ?? []) {
    const a = stmt?.type === 'expression_statement' ? stmt.namedChild(0) : undefined;
    if (a?.type !== 'assignment') continue;
    const left = a.childForFieldName('left');
    const right = a.childForFieldName('right');
    if (left?.type !== 'identifier' || right?.type !== 'call' || calleeName(right) !== 'Many2one') continue;
    out.push({ field: left.text, comodel: keyString(keywordArg(right, 'comodel_name') ?? positionalArgs(right)[0]) });
  }
  return out;
}

/** `x` is one id: a literal, `rec.id`, `rec.res_id`, `record_id`, `ctx.get('active_id')`, `vals['partner_id']`, `int(...)`. */
export function isScalarId(node: Node | undefined): boolean {
  if (!node) return false;
  const n = unparen(node);
  const singular = (name: string | undefined) => !!name && (name === 'id' || /_id$/.test(name));
  switch (n.type) {
    case 'integer':
      return true;
    case 'identifier':
      return singular(n.text);
    case 'attribute':
      return singular(n.childForFieldName('attribute')?.text);
    case 'subscript':
      return singular(keyString(n.childForFieldName('subscript')));
    case 'call': {
      const name = calleeName(n);
      if (name === 'int' && !callReceiver(n)) return true;
      if (name === 'get' && callReceiver(n)) return singular(keyString(positionalArgs(n)[0]));
      return false;
    }
    default:
      return false;
  }
}

function keyString(n: Node | null | undefined): string | undefined {
  if (!n) return undefined;
  const u = unparen(n);
  const m = u.type === 'string' ? /^(['"])([\w.]+)\1$/.exec(u.text) : null;
  return m?.[2];
}

/** Methods that keep a recordset's records (a subset or the same ones). */
const SAME_RECORDS = new Set(['sudo', 'with_context', 'with_company', 'with_user', 'with_env', 'with_prefetch', 'browse', 'search', 'search_fetch', 'filtered', 'filtered_domain', 'sorted', 'exists']);

const COMPANY_FIELDS = new Set(['company_id', 'company_ids', 'companies', 'company']);

/** Records of res.company: `env['res.company'].search(...)`, `recs.mapped('company_id')`, `env.companies`, `recs.company_id`, `self` of res.company. */
export function isCompanySet(node: Node, depth = 0): boolean {
  if (depth > 8) return false;
  const n = unparen(node);
  if (n.type === 'subscript') return keyString(n.childForFieldName('subscript')) === 'res.company' && /(^|\.)env$/.test(n.childForFieldName('value')?.text ?? '');
  if (n.type === 'attribute') return COMPANY_FIELDS.has(n.childForFieldName('attribute')?.text ?? '');
  if (n.type === 'identifier' && n.text === 'self') {
    const fn = enclosingMethod(n);
    const cls = fn && enclosingClass(fn);
    return !!cls && classModelName(cls) === 'res.company';
  }
  if (n.type === 'call') {
    const name = calleeName(n) ?? '';
    const recv = callReceiver(n);
    if (!recv) return false;
    if (name === 'mapped') {
      const path = keyPath(positionalArgs(n)[0]);
      return !!path && COMPANY_FIELDS.has(path.split('.').pop()!);
    }
    if (SAME_RECORDS.has(name)) return isCompanySet(recv, depth + 1);
  }
  return false;
}

function keyPath(n: Node | undefined): string | undefined {
  if (!n) return undefined;
  const u = unparen(n);
  const m = u.type === 'string' ? /^(['"])([\w.]+)\1$/.exec(u.text) : null;
  return m?.[2];
}

/** `s.split('.')`, `s.rsplit('/', 1)`: parts of one string along a literal separator that is not
 * a line break (`content.split('\n')` are the lines of a file: data-sized). */
export function isStringSplit(call: Node): boolean {
  const name = calleeName(call);
  if ((name !== 'split' && name !== 'rsplit') || !callReceiver(call)) return false;
  const sep = positionalArgs(call)[0];
  if (!sep) return false;
  const u = unparen(sep);
  return u.type === 'string' && /^[rbuRBU]?(['"])[^'"]+\1$/.test(u.text) && !/\\[nr]/.test(u.text);
}

const XML_ITER = new Set(['xpath', 'iter', 'findall', 'iterfind', 'getiterator', 'iterchildren', 'iterdescendants']);
/** Methods that post-process a view's arch (Odoo 16 fields_view_get, 17+ get_view / _get_view ...). */
const VIEW_METHOD = /(^|_)(fields_view_get|get_view|get_views|view_get|postprocess|arch)/;

/** `doc.xpath('//notebook')` over the arch of a view: nodes of one view, not records. */
export function isViewArchNodes(call: Node): boolean {
  const name = calleeName(call);
  if (!name || !XML_ITER.has(name) || !callReceiver(call)) return false;
  const fn = enclosingMethod(call);
  const method = fn?.childForFieldName('name')?.text ?? '';
  return VIEW_METHOD.test(method) || /\barch\b/.test(callReceiver(call)!.text);
}

/** `domain`, `search_domain`: the leaves of one domain are a handful, written in code. */
export function isDomainName(n: Node): boolean {
  return n.type === 'identifier' && /(^|_)domain$/.test(n.text);
}
