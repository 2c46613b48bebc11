// Scheduled actions (ir.cron) declared in data files: which model method each one runs. OP303
// needs them to know that a method runs unattended over the whole table, in one transaction.
// Sources:
//   XML  <record model="ir.cron"> with <field name="model_id" ref="model_x_y"/> and
//        <field name="code">model._cron_x()</field> (Odoo 11+), or the older
//        <field name="model">x.y</field> + <field name="function">_cron_x</field> (≤ 10).
//   CSV  ir_cron.csv / ir.cron.csv rows with model_id:id and code columns.
// The code is parsed with tree-sitter-python (never evaluated).
import { parsePython, type Node } from '../parse/parser';
import type { Range } from '../rules/types';
import { decodeSpan, descendants, positionMapper, scanXml, textOf, type XmlElement } from './xmlScan';

export interface CronFact {
  /** The record's xmlid as written (`ir_cron_x`, or `module.ir_cron_x`). */
  id: string | undefined;
  /** Model name when written directly (old `model` field), else undefined. */
  model?: string;
  /** ir.model xmlid (`model_sale_order`, module prefix stripped) when the model is given by ref. */
  modelRef?: string;
  /** Method called on `model` in the code (`_cron_x` for `model._cron_x()`). */
  method: string;
  /** The call passes arguments (a batch size, a limit ...). */
  hasArgs: boolean;
  file: string;
  range: Range;
  addon: string | undefined;
}

/** Methods called on `model` in a server-action code snippet: `model.m()`, `model.sudo().m(1)`. */
export function cronCalls(code: string): { method: string; hasArgs: boolean }[] {
  if (!code.trim()) return [];
  const tree = parsePython(code);
  try {
    const out: { method: string; hasArgs: boolean }[] = [];
    for (const call of tree.rootNode.descendantsOfType('call')) {
      const fn = call?.childForFieldName('function');
      if (!call || fn?.type !== 'attribute') continue;
      if (rootName(fn.childForFieldName('object')) !== 'model') continue;
      const method = fn.childForFieldName('attribute')?.text;
      // Environment helpers on the way to the real method are not the scheduled work.
      if (!method || ['sudo', 'with_context', 'with_company', 'with_user', 'browse', 'search', 'env'].includes(method)) continue;
      const args = call.childForFieldName('arguments');
      out.push({ method, hasArgs: !!args && args.namedChildren.some((a) => !!a && a.type !== 'comment') });
    }
    return out;
  } finally {
    tree.delete();
  }
}

function rootName(node: Node | null | undefined): string | undefined {
  let n = node;
  while (n) {
    if (n.type === 'identifier') return n.text;
    if (n.type === 'call') n = n.childForFieldName('function');
    else if (n.type === 'attribute') n = n.childForFieldName('object');
    else return undefined;
  }
  return undefined;
}

const stripModule = (ref: string) => ref.replace(/^.*\./, '');

/** ir.cron records of one XML file; malformed XML yields what could be read. */
export function extractXmlCrons(src: string, file: string, addon: string | undefined): CronFact[] {
  if (!src.includes('ir.cron')) return [];
  const pos = positionMapper(src);
  const out: CronFact[] = [];
  const attr = (el: XmlElement, name: string) => {
    const span = el.attrs.get(name);
    return span ? decodeSpan(src, span).value : undefined;
  };
  for (const rec of descendants(scanXml(src))) {
    if (rec.name !== 'record' || attr(rec, 'model') !== 'ir.cron') continue;
    const fields = new Map<string, XmlElement>();
    for (const c of rec.children) {
      const name = c.name === 'field' ? attr(c, 'name') : undefined;
      if (name && !fields.has(name)) fields.set(name, c);
    }
    const id = attr(rec, 'id');
    const range: Range = { start: pos(rec.start), end: pos(rec.start + 7) };
    const modelField = fields.get('model_id');
    const modelRef = modelField ? attr(modelField, 'ref') : undefined;
    const modelName = fields.get('model') ? textOf(src, fields.get('model')!).value.trim() : undefined;
    const base = { id, file, range, addon, ...(modelRef ? { modelRef: stripModule(modelRef) } : {}), ...(modelName ? { model: modelName } : {}) };
    if (!modelRef && !modelName) continue;
    const codeField = fields.get('code');
    if (codeField) {
      for (const c of cronCalls(textOf(src, codeField).value)) out.push({ ...base, method: c.method, hasArgs: c.hasArgs });
    }
    const fnField = fields.get('function');
    const fnName = fnField ? textOf(src, fnField).value.trim() : '';
    if (/^[A-Za-z_]\w*$/.test(fnName)) {
      const args = fields.get('args');
      const argText = args ? (attr(args, 'eval') ?? textOf(src, args).value).trim() : '';
      out.push({ ...base, method: fnName, hasArgs: !!argText && !/^\(\s*\)$/.test(argText) });
    }
  }
  return out;
}

/** Splits one CSV line (RFC 4180 quoting). Multi-line cells are rare in ir_cron.csv: not supported. */
function csvCells(line: string): string[] {
  const cells: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { cells.push(cur); cur = ''; } else cur += ch;
  }
  cells.push(cur);
  return cells;
}

export function isCronCsv(file: string): boolean {
  return /(^|[\\/])ir[._]cron\.csv$/.test(file);
}

/** ir.cron rows of an `ir_cron.csv` data file. */
export function extractCsvCrons(src: string, file: string, addon: string | undefined): CronFact[] {
  const lines = src.split(/\r?\n/);
  const header = csvCells(lines[0] ?? '').map((h) => h.trim());
  const col = (...names: string[]) => header.findIndex((h) => names.includes(h));
  const iId = col('id');
  const iRef = col('model_id:id', 'model_id/id');
  const iModel = col('model');
  const iCode = col('code');
  const iFn = col('function');
  const out: CronFact[] = [];
  lines.slice(1).forEach((line, i) => {
    if (!line.trim()) return;
    const cells = csvCells(line);
    const ref = iRef >= 0 ? cells[iRef]?.trim() : undefined;
    const model = iModel >= 0 ? cells[iModel]?.trim() : undefined;
    if (!ref && !model) return;
    const base = {
      id: iId >= 0 ? cells[iId]?.trim() || undefined : undefined,
      file,
      range: { start: { line: i + 1, character: 0 }, end: { line: i + 1, character: line.length } },
      addon,
      ...(ref ? { modelRef: stripModule(ref) } : {}),
      ...(model ? { model } : {}),
    };
    if (iCode >= 0) for (const c of cronCalls(cells[iCode] ?? '')) out.push({ ...base, method: c.method, hasArgs: c.hasArgs });
    const fn = iFn >= 0 ? cells[iFn]?.trim() ?? '' : '';
    if (/^[A-Za-z_]\w*$/.test(fn)) out.push({ ...base, method: fn, hasArgs: false });
  });
  return out;
}
