// Query uses declared in XML data files: search views (fields, filter domains, group_by
// contexts), ir.rule domain_force and window action domains. Domains are Python expressions
// inside attributes or text; we parse them with tree-sitter-python (never eval).
import { parsePython, type Node } from '../parse/parser';
import type { Position, Range } from '../rules/types';
import type { QueryUseKind } from './workspace';
import type { PendingUse } from './facts';
import { domainLeaves, fieldRef } from './domain';
import { descendants, decodeSpan, positionMapper, scanXml, textOf, type XmlElement, type XmlSpan } from './xmlScan';
import { stringValue, unparen } from './pyast';
import { lineStarts } from '../text/positions';

interface Decoded { value: string; offsets: number[] }

const NO_BINDINGS = () => new Map();

function attr(src: string, el: XmlElement, name: string): string | undefined {
  const span = el.attrs.get(name);
  return span ? decodeSpan(src, span).value : undefined;
}

function fieldsByName(src: string, record: XmlElement): Map<string, XmlElement> {
  const out = new Map<string, XmlElement>();
  for (const c of record.children) {
    const name = c.name === 'field' ? attr(src, c, 'name') : undefined;
    if (name && !out.has(name)) out.set(name, c);
  }
  return out;
}

class XmlExtractor {
  readonly uses: PendingUse[] = [];
  private readonly pos: (offset: number) => Position;

  constructor(private readonly src: string, private readonly file: string, private readonly addon: string | undefined) {
    this.pos = positionMapper(src);
  }

  private push(model: string | undefined, modelRef: string | undefined, field: string, kind: QueryUseKind, range: Range, operator?: string): void {
    if (!model && !modelRef) return;
    const use: PendingUse = { model, field, kind, file: this.file, range, addon: this.addon };
    if (modelRef) use.modelRef = modelRef;
    if (operator !== undefined) use.operator = operator;
    this.uses.push(use);
  }

  /** Maps a range inside decoded text back to the XML source. */
  private mapRange(d: Decoded, starts: number[], r: Range): Range {
    const idx = (p: Position) => Math.min((starts[p.line] ?? 0) + p.character, d.offsets.length);
    const s = idx(r.start);
    const e = idx(r.end);
    const startOff = d.offsets[s] ?? d.offsets[d.offsets.length - 1] ?? 0;
    const endOff = e > s ? (d.offsets[e - 1] ?? startOff) + 1 : startOff;
    return { start: this.pos(startOff), end: this.pos(endOff) };
  }

  /** Parses a Python expression and calls `visit` with its top expression node. */
  private withExpression(d: Decoded, visit: (expr: Node, map: (r: Range) => Range) => void): void {
    if (!d.value.trim()) return;
    const starts = lineStarts(d.value);
    const tree = parsePython(d.value);
    try {
      const stmt = tree.rootNode.namedChildren.find((c) => c?.type === 'expression_statement');
      const expr = stmt?.namedChild(0);
      if (expr) visit(expr, (r) => this.mapRange(d, starts, r));
    } finally {
      tree.delete();
    }
  }

  domain(d: Decoded, model: string | undefined, modelRef: string | undefined, kind: QueryUseKind): void {
    this.withExpression(d, (expr, map) => {
      for (const leaf of domainLeaves(expr, NO_BINDINGS)) this.push(model, modelRef, leaf.field, kind, map(leaf.range), leaf.operator);
    });
  }

  groupByContext(d: Decoded, model: string): void {
    this.withExpression(d, (expr, map) => {
      const dict = unparen(expr);
      if (dict.type !== 'dictionary') return;
      for (const pair of dict.namedChildren) {
        if (pair?.type !== 'pair' || stringValue(pair.childForFieldName('key')) !== 'group_by') continue;
        const value = pair.childForFieldName('value');
        const items = value?.type === 'list' || value?.type === 'tuple' ? value.namedChildren : [value];
        for (const item of items) {
          const ref = item ? fieldRef(item) : undefined;
          if (ref && ref.field !== 'id') this.push(model, undefined, ref.field, 'groupby', map(ref.range));
        }
      }
    });
  }

  /** Text content or eval= of a <field>: both hold a Python expression for domains. */
  fieldExpression(field: XmlElement): Decoded {
    const evalSpan = field.attrs.get('eval');
    return evalSpan ? decodeSpan(this.src, evalSpan) : textOf(this.src, field);
  }

  searchView(arch: XmlElement, model: string): void {
    for (const el of descendants(arch)) {
      if (el.name === 'field') {
        const span = el.attrs.get('name');
        const name = span ? decodeSpan(this.src, span).value : undefined;
        // A `position=` field is an inheritance locator, not a searchable field.
        if (span && name && /^[A-Za-z_]\w*$/.test(name) && name !== 'id' && !el.attrs.has('position')) {
          this.push(model, undefined, name, 'search-view', { start: this.pos(span.start), end: this.pos(span.end) });
        }
        const fd = el.attrs.get('filter_domain');
        if (fd) this.domain(decodeSpan(this.src, fd), model, undefined, 'filter-domain');
      } else if (el.name === 'filter') {
        const dom = el.attrs.get('domain');
        if (dom) this.domain(decodeSpan(this.src, dom), model, undefined, 'filter-domain');
        const ctx = el.attrs.get('context');
        if (ctx) this.groupByContext(decodeSpan(this.src, ctx), model);
      }
    }
  }

  record(rec: XmlElement): void {
    const recModel = attr(this.src, rec, 'model');
    const fields = fieldsByName(this.src, rec);
    const text = (name: string) => {
      const f = fields.get(name);
      return f ? textOf(this.src, f).value.trim() || undefined : undefined;
    };
    if (recModel === 'ir.ui.view') {
      const model = text('model');
      const arch = fields.get('arch');
      if (!model || !arch) return;
      const top = arch.children.find((c) => c.name !== 'data') ?? arch.children[0];
      const inheritRef = fields.get('inherit_id') ? attr(this.src, fields.get('inherit_id')!, 'ref') ?? '' : '';
      const isSearch = top?.name === 'search'
        || (top?.name !== 'form' && top?.name !== 'tree' && top?.name !== 'list' && top?.name !== 'kanban'
          && !!inheritRef && /search/i.test(inheritRef));
      if (isSearch) this.searchView(arch, model);
    } else if (recModel === 'ir.rule') {
      const modelField = fields.get('model_id');
      const ref = modelField ? attr(this.src, modelField, 'ref') : undefined;
      const domain = fields.get('domain_force');
      if (ref && domain) this.domain(this.fieldExpression(domain), undefined, ref.replace(/^.*\./, ''), 'record-rule');
    } else if (recModel === 'ir.actions.act_window') {
      const model = text('res_model');
      const domain = fields.get('domain');
      if (model && domain) this.domain(this.fieldExpression(domain), model, undefined, 'action-domain');
    }
  }

  run(): void {
    const root = scanXml(this.src);
    for (const el of descendants(root)) {
      if (el.name === 'record') this.record(el);
      else if (el.name === 'act_window') {
        const model = attr(this.src, el, 'res_model');
        const dom: XmlSpan | undefined = el.attrs.get('domain');
        if (model && dom) this.domain(decodeSpan(this.src, dom), model, undefined, 'action-domain');
      }
    }
  }
}

/** Query uses of one XML file; malformed XML yields what could be read, never an exception. */
export function extractXmlUses(src: string, file: string, addon: string | undefined): PendingUse[] {
  const x = new XmlExtractor(src, file, addon);
  x.run();
  return x.uses;
}
