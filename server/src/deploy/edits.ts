// Minimal text edits: only the intended values change; comments, order, quoting and the
// formatting of untouched lines stay as they were. Compose edits are computed on the yaml
// Document's node ranges, INI and postgresql.conf edits on lines.
import { isMap, isPair, isScalar, type Node, type YAMLMap } from 'yaml';
import { LineIndex } from './text';
import { maskText } from './secrets';
import type { TextEdit } from './types';

export interface OffsetEdit { start: number; end: number; newText: string; priority: number }

/** Edits of one file, by offset; converted to line/character ranges at the end. */
export class FileEdits {
  readonly edits: OffsetEdit[] = [];
  constructor(readonly file: string, readonly text: string) {}
  replace(start: number, end: number, newText: string): void {
    this.edits.push({ start, end, newText, priority: 0 });
  }
  /** Insertions at one point are joined: inline text (priority 0, e.g. arguments appended to a
   *  command) before new lines (priority 1, e.g. a new key after that command), else call order. */
  insert(at: number, newText: string, priority = 0): void {
    this.edits.push({ start: at, end: at, newText, priority });
  }
  endOfLine(offset: number): number {
    const nl = this.text.indexOf('\n', offset);
    const end = nl < 0 ? this.text.length : nl;
    return end > 0 && this.text[end - 1] === '\r' ? end - 1 : end;
  }
  lineStart(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }
  get eol(): string {
    return this.text.includes('\r\n') ? '\r\n' : '\n';
  }
  toTextEdits(): TextEdit[] {
    const idx = new LineIndex(this.text);
    const merged: OffsetEdit[] = [];
    const order = this.edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || (a.e.end - a.e.start) - (b.e.end - b.e.start) || a.e.priority - b.e.priority || a.i - b.i);
    for (const { e } of order) {
      const prev = merged[merged.length - 1];
      if (prev && prev.start === e.start && prev.end === e.start && e.end === e.start) prev.newText += e.newText;
      else merged.push({ ...e });
    }
    return merged.map((e) => ({ range: idx.range(e.start, e.end), newText: e.newText }));
  }
}

/** Applies LSP-style edits (ranges in the original text) to the text. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const idx = new LineIndex(text);
  const sorted = edits.map((e) => ({ s: idx.offset(e.range.start), e: idx.offset(e.range.end), t: e.newText })).sort((a, b) => b.s - a.s || b.e - a.e);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.s) + e.t + out.slice(e.e);
  return out;
}

// ---- YAML helpers ---------------------------------------------------------------------------

function quoteLike(node: Node | undefined, value: string, text: string): string {
  if (isScalar(node) && node.range) {
    if (node.type === 'QUOTE_DOUBLE') return JSON.stringify(value);
    if (node.type === 'QUOTE_SINGLE') return `'${value.replace(/'/g, "''")}'`;
    void text;
  }
  return /^[A-Za-z0-9_./=:+-]+$/.test(value) && !/^(true|false|null|yes|no|on|off|~)$/i.test(value) && !/^[-+]?\d/.test(value) ? value : JSON.stringify(value);
}

/** Replaces a scalar node's value, keeping its quoting style. */
export function yamlReplaceScalar(fe: FileEdits, node: Node, value: string): void {
  if (!node.range) return;
  fe.replace(node.range[0], node.range[1], isScalar(node) && node.type !== 'PLAIN' ? quoteLike(node, value, fe.text) : yamlScalar(value));
}

/** A plain YAML scalar where it reads as the same string, else double-quoted. */
export function yamlScalar(value: string): string {
  // Sizes such as 6G or 512M are strings in YAML (not numbers), so they stay plain.
  if (/^\d+(\.\d+)?[A-Za-z]+$/.test(value)) return value;
  const plain = /^[A-Za-z_./+-][A-Za-z0-9_./:=+ -]*$/.test(value) && !/: | #|:$| $/.test(value) && !/^- /.test(value);
  return plain && !/^(true|false|null|yes|no|on|off|~)$/i.test(value) ? value : JSON.stringify(value);
}

function keyColumn(fe: FileEdits, map: YAMLMap): number | undefined {
  const first = map.items.find(isPair);
  const k = first?.key as Node | undefined;
  if (!k?.range) return undefined;
  return k.range[0] - fe.lineStart(k.range[0]);
}

/** End of the last line that belongs to a block map (before trailing comments/blank lines). */
function blockMapEnd(fe: FileEdits, map: YAMLMap): number {
  const last = map.items[map.items.length - 1];
  const node = (isPair(last) ? (last.value as Node | null) ?? (last.key as Node) : undefined) as Node | undefined;
  let end = node?.range ? node.range[1] : map.range ? map.range[1] : fe.text.length;
  if (end > 0 && fe.text[end - 1] === '\n') end--;
  if (end > 0 && fe.text[end - 1] === '\r') end--;
  return fe.endOfLine(Math.max(end - 1, 0));
}

/**
 * Sets `path` (e.g. ['deploy','resources','limits','memory']) under a map: replaces the scalar
 * when it exists, else inserts the missing keys as block lines after the deepest existing map.
 */
export function yamlSetPath(fe: FileEdits, map: YAMLMap, path: string[], value: string, indentUnit = 2): void {
  yamlSetPaths(fe, map, path.slice(0, -1), [[path[path.length - 1], value]], indentUnit);
}

function findPair(map: YAMLMap, key: string) {
  return map.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
}

/** Sets several leaves under one prefix path in a single insertion (so that two new keys under a
 *  missing `deploy.resources.limits` do not create the block twice). */
export function yamlSetPaths(fe: FileEdits, map: YAMLMap, prefix: string[], leaves: [string, string][], indentUnit = 2): void {
  let cur: YAMLMap = map;
  let i = 0;
  for (; i < prefix.length; i++) {
    const pair = findPair(cur, prefix[i]);
    if (!pair) break;
    if (!isMap(pair.value)) return; // a scalar or list where a map is expected: leave it to the user
    cur = pair.value as YAMLMap;
  }
  const rest = prefix.slice(i);
  const missing: [string, string][] = [];
  for (const [k, v] of leaves) {
    const pair = rest.length === 0 ? findPair(cur, k) : undefined;
    if (pair && isScalar(pair.value)) yamlReplaceScalar(fe, pair.value as Node, v);
    else if (!pair) missing.push([k, v]);
  }
  if (missing.length === 0) return;
  if ((cur as { flow?: boolean }).flow) {
    const close = cur.range ? fe.text.lastIndexOf('}', cur.range[1]) : -1;
    if (close < 0) return;
    const leafText = missing.map(([k, v]) => `${k}: ${yamlScalar(v)}`).join(', ');
    const inner = rest.length ? rest.slice(1).reduceRight((acc, k) => `{${k}: ${acc}}`, `{${leafText}}`) : leafText;
    fe.insert(close, `${cur.items.length ? ', ' : ''}${rest.length ? `${rest[0]}: ${inner}` : inner}`);
    return;
  }
  const col = keyColumn(fe, cur) ?? 0;
  const lines = rest.map((k, j) => `${' '.repeat(col + j * indentUnit)}${k}:`);
  const leafCol = col + rest.length * indentUnit;
  for (const [k, v] of missing) lines.push(`${' '.repeat(leafCol)}${k}: ${yamlScalar(v)}`);
  fe.insert(blockMapEnd(fe, cur), fe.eol + lines.join(fe.eol), 1);
}

// ---- INI / postgresql.conf helpers -----------------------------------------------------------

export function lineOffsets(text: string): number[] {
  const out = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') out.push(i + 1);
  return out;
}

// ---- Unified diff ---------------------------------------------------------------------------

/** A unified diff of two texts (line-based, 3 lines of context), every line passed through the
 *  secret masker: the preview is shown to the user, the edits keep the real values. */
export function unifiedDiff(file: string, before: string, after: string): string {
  const a = maskText(before.replace(/\r\n/g, '\n')).split('\n');
  const b = maskText(after.replace(/\r\n/g, '\n')).split('\n');
  const n = a.length;
  const m = b.length;
  // LCS table; config files are small (a few hundred lines).
  const dp: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) dp[i][j] = a[i] === b[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
  type Op = { t: ' ' | '-' | '+'; line: string; ai: number; bi: number };
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) { ops.push({ t: ' ', line: a[i], ai: i, bi: j }); i++; j++; }
    else if (i < n && (j >= m || dp[i + 1][j] >= dp[i][j + 1])) { ops.push({ t: '-', line: a[i], ai: i, bi: j }); i++; }
    else { ops.push({ t: '+', line: b[j], ai: i, bi: j }); j++; }
  }
  const out: string[] = [];
  const ctx = 3;
  let k = 0;
  while (k < ops.length) {
    if (ops[k].t === ' ') { k++; continue; }
    let start = Math.max(0, k - ctx);
    let end = k;
    // extend the hunk while changes are within 2*ctx lines of each other
    while (end < ops.length) {
      if (ops[end].t !== ' ') { end++; continue; }
      let next = end;
      while (next < ops.length && ops[next].t === ' ') next++;
      if (next < ops.length && next - end <= 2 * ctx) { end = next; continue; }
      break;
    }
    const stop = Math.min(ops.length, end + ctx);
    const hunk = ops.slice(start, stop);
    const aStart = hunk[0].ai + 1;
    const bStart = hunk[0].bi + 1;
    const aLen = hunk.filter((o) => o.t !== '+').length;
    const bLen = hunk.filter((o) => o.t !== '-').length;
    if (out.length === 0) out.push(`--- ${file}`, `+++ ${file} (tuned)`);
    out.push(`@@ -${aLen ? aStart : aStart - 1},${aLen} +${bLen ? bStart : bStart - 1},${bLen} @@`);
    for (const o of hunk) out.push(`${o.t}${o.line}`);
    k = stop;
    start = stop;
  }
  return out.join('\n');
}
