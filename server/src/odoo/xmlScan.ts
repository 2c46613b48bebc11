// A small tolerant XML scanner for Odoo data files: elements, attributes and text with source
// offsets, so Python expressions inside attributes can be mapped back to exact positions.
// Malformed input never throws: unclosed tags are closed at the end, stray end tags are ignored.
import type { Position } from '../rules/types';
import { lineStarts, positionAt } from '../text/positions';

export interface XmlSpan { start: number; end: number; cdata?: boolean }

export interface XmlElement {
  name: string;
  attrs: Map<string, XmlSpan>;
  children: XmlElement[];
  /** Raw text spans directly inside this element. */
  texts: XmlSpan[];
  start: number;
  parent?: XmlElement;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decoded text of a span, and for each decoded character its offset in the source. */
export function decodeSpan(src: string, span: XmlSpan): { value: string; offsets: number[] } {
  let value = '';
  const offsets: number[] = [];
  for (let i = span.start; i < span.end; i++) {
    const ch = src[i];
    if (ch === '&' && !span.cdata) {
      const semi = src.indexOf(';', i);
      if (semi > i && semi - i <= 10) {
        const ent = src.slice(i + 1, semi);
        let rep: string | undefined = ENTITIES[ent];
        if (!rep && /^#x[0-9a-f]+$/i.test(ent)) rep = String.fromCodePoint(parseInt(ent.slice(2), 16));
        else if (!rep && /^#\d+$/.test(ent)) rep = String.fromCodePoint(Number(ent.slice(1)));
        if (rep) {
          for (const c of rep) { value += c; offsets.push(i); }
          i = semi;
          continue;
        }
      }
    }
    value += ch;
    offsets.push(i);
  }
  return { value, offsets };
}

export function textOf(src: string, el: XmlElement): { value: string; offsets: number[] } {
  const value: string[] = [];
  const offsets: number[] = [];
  for (const span of el.texts) {
    const d = decodeSpan(src, span);
    value.push(d.value);
    offsets.push(...d.offsets);
  }
  return { value: value.join(''), offsets };
}

const NAME = /[A-Za-z_:][-\w.:]*/y;

export function scanXml(src: string): XmlElement {
  const root: XmlElement = { name: '#document', attrs: new Map(), children: [], texts: [], start: 0 };
  let cur = root;
  let i = 0;
  const n = src.length;
  while (i < n) {
    const lt = src.indexOf('<', i);
    if (lt < 0) {
      cur.texts.push({ start: i, end: n });
      break;
    }
    if (lt > i) cur.texts.push({ start: i, end: lt });
    if (src.startsWith('<!--', lt)) {
      const e = src.indexOf('-->', lt + 4);
      i = e < 0 ? n : e + 3;
      continue;
    }
    if (src.startsWith('<![CDATA[', lt)) {
      const e = src.indexOf(']]>', lt + 9);
      cur.texts.push({ start: lt + 9, end: e < 0 ? n : e, cdata: true });
      i = e < 0 ? n : e + 3;
      continue;
    }
    if (src.startsWith('<?', lt) || src.startsWith('<!', lt)) {
      const e = src.indexOf('>', lt + 2);
      i = e < 0 ? n : e + 1;
      continue;
    }
    if (src[lt + 1] === '/') {
      NAME.lastIndex = lt + 2;
      const m = NAME.exec(src);
      const e = src.indexOf('>', lt + 2);
      i = e < 0 ? n : e + 1;
      if (!m) continue;
      // Close up to the matching open element; an end tag with no open match is ignored.
      for (let el: XmlElement | undefined = cur; el && el !== root; el = el.parent) {
        if (el.name === m[0]) {
          cur = el.parent ?? root;
          break;
        }
      }
      continue;
    }
    NAME.lastIndex = lt + 1;
    const m = NAME.exec(src);
    if (!m) {
      cur.texts.push({ start: lt, end: lt + 1 });
      i = lt + 1;
      continue;
    }
    const el: XmlElement = { name: m[0], attrs: new Map(), children: [], texts: [], start: lt, parent: cur };
    let j = NAME.lastIndex;
    let selfClosing = false;
    while (j < n) {
      while (j < n && /\s/.test(src[j])) j++;
      if (src[j] === '>') { j++; break; }
      if (src.startsWith('/>', j)) { selfClosing = true; j += 2; break; }
      NAME.lastIndex = j;
      const a = NAME.exec(src);
      if (!a) { j++; continue; }
      j = NAME.lastIndex;
      while (j < n && /\s/.test(src[j])) j++;
      if (src[j] !== '=') { el.attrs.set(a[0], { start: j, end: j }); continue; }
      j++;
      while (j < n && /\s/.test(src[j])) j++;
      const q = src[j];
      if (q === '"' || q === "'") {
        const e = src.indexOf(q, j + 1);
        const end = e < 0 ? n : e;
        el.attrs.set(a[0], { start: j + 1, end });
        j = end + 1;
      } else {
        const start = j;
        while (j < n && !/[\s>]/.test(src[j])) j++;
        el.attrs.set(a[0], { start, end: j });
      }
    }
    cur.children.push(el);
    if (!selfClosing) cur = el;
    i = j;
  }
  return root;
}

/** Offset → line/character (UTF-16), with line starts computed once per file. */
export function positionMapper(src: string): (offset: number) => Position {
  const starts = lineStarts(src);
  return (offset) => positionAt(src, offset, starts);
}

export function* descendants(el: XmlElement): Generator<XmlElement> {
  for (const c of el.children) {
    yield c;
    yield* descendants(c);
  }
}
