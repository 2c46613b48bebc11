// Reads a Compose file into services with the source position of every key the audit and the
// tuner use. Built on the `yaml` package's Document API: it keeps unknown keys, comments and
// node ranges, and reports syntax errors with positions instead of throwing.
import { parseDocument, isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { LineIndex } from './text';
import { interpolate, type EnvVars } from './interpolate';
import { shellSplit, type ShellToken } from './shell';
import { parseComposeBytes, parseCpus } from './units';
import type { Range } from './types';

/**
 * `file` is set on values a `*.override.yml` contributed to a merged service (merge.ts): their
 * ranges are in that file, not in the service's `file`.
 */
export interface Located<T> { value: T; range: Range; keyRange: Range; file?: string }

export interface CommandArg { value: string; range: Range }

export interface ComposeCommand {
  args: string[];
  /** Per-argument ranges when they can be edited in place (single-line plain/quoted string, or a sequence). */
  argRanges?: Range[];
  style: 'string' | 'flow-seq' | 'block-seq' | 'other';
  keyRange: Range;
  valueRange: Range;
  /** Offset in the file where an argument can be appended (end of the last argument). */
  appendAt?: number;
  /** Indentation of block sequence items, e.g. "      - ". */
  itemPrefix?: string;
  node: Node;
  /** Set when the command comes from an override file (see Located). */
  file?: string;
}

export interface ComposeVolume { source: string; target: string; bind: boolean; readOnly: boolean; range: Range; file?: string }
export interface ComposePort { raw: string; hostIp?: string; published?: string; target: string; range: Range; file?: string }

export interface ComposeService {
  name: string;
  file: string;
  keyRange: Range;
  map: YAMLMap;
  image?: Located<string>;
  build?: { context: string; dockerfile?: string; range: Range };
  command?: ComposeCommand;
  entrypoint?: ComposeCommand;
  environment: Map<string, Located<string>>;
  /** Where the environment is (to add a variable) and its style. */
  environmentNode?: { node: Node; keyRange: Range; style: 'map' | 'seq'; file?: string };
  volumes: ComposeVolume[];
  ports: ComposePort[];
  expose: string[];
  labels: string[];
  memLimit?: Located<number>;
  cpus?: Located<number>;
  replicas: number;
  healthcheck?: { disabled: boolean; range: Range; file?: string };
  dependsOn: string[];
  aliases: string[];
  /** The base compose file of the project (docker-compose.yml for its .override.yml's services):
   *  services link to the database, proxy and pgbouncer of the same project. Default: `file`. */
  project?: string;
  /** The override file's map of this service, when it has one (edits of keys it sets go there). */
  override?: { file: string; map: YAMLMap; keyRange: Range };
}

export interface ComposeFile {
  file: string;
  text: string;
  index: LineIndex;
  doc: Document.Parsed;
  services: ComposeService[];
  /** First syntax error, when the file is malformed (then `services` is empty). */
  error?: { range: Range; message: string; more: number };
}

function scalarString(node: unknown): string | undefined {
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || v === undefined) return '';
    return typeof v === 'string' ? v : String(v);
  }
  return undefined;
}

export class ComposeReader {
  constructor(private doc: Document.Parsed, readonly index: LineIndex, readonly vars?: EnvVars) {}

  /** A scalar value as Compose sees it: `${VAR}` interpolated from `.env` (keys are not). */
  str(node: unknown): string | undefined {
    const s = scalarString(node);
    return s === undefined ? undefined : interpolate(s, this.vars);
  }

  range(node: Node | null | undefined): Range {
    const r = node?.range;
    if (!r) return this.index.range(0, 0);
    return this.index.range(r[0], r[1]);
  }

  resolve(node: unknown): unknown {
    return isAlias(node) ? node.resolve(this.doc) : node;
  }

  /** Pair for key in map, following `<<: *anchor` merges (own keys win). */
  pair(map: unknown, key: string): Pair<Node, Node> | undefined {
    const m = this.resolve(map);
    if (!isMap(m)) return undefined;
    let merged: Pair<Node, Node> | undefined;
    for (const item of m.items) {
      if (!isPair(item)) continue;
      const k = scalarString(item.key);
      if (k === key) return item as Pair<Node, Node>;
      if (k === '<<' && !merged) {
        const sources = isSeq(item.value) ? item.value.items : [item.value];
        for (const src of sources) {
          merged = this.pair(this.resolve(src), key);
          if (merged) break;
        }
      }
    }
    return merged;
  }

  value(map: unknown, key: string): unknown {
    const p = this.pair(map, key);
    return p ? this.resolve(p.value) : undefined;
  }

  located(map: unknown, key: string): Located<string> | undefined {
    const p = this.pair(map, key);
    if (!p) return undefined;
    const v = this.resolve(p.value);
    const s = this.str(v);
    if (s === undefined) return undefined;
    return { value: s, range: this.range(v as Node), keyRange: this.range(p.key) };
  }
}

/** `vars`: the `.env` next to the compose file, interpolated into values (see interpolate.ts). */
export function readCompose(file: string, text: string, vars?: EnvVars): ComposeFile {
  const index = new LineIndex(text);
  const doc = parseDocument(text, { merge: true, uniqueKeys: false, prettyErrors: false });
  const out: ComposeFile = { file, text, index, doc, services: [] };
  if (doc.errors.length) {
    const e = doc.errors[0];
    // The yaml message's first line names the problem; its later lines quote the source, which
    // may hold a password, so only the first line (minus the position suffix) is kept.
    const first = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    out.error = { range: index.range(e.pos[0], Math.max(e.pos[1], e.pos[0])), message: first, more: doc.errors.length - 1 };
    return out;
  }
  const r = new ComposeReader(doc, index, vars);
  const services = r.value(doc.contents, 'services');
  if (!isMap(services)) return out;
  for (const item of services.items) {
    if (!isPair(item)) continue;
    const name = scalarString(item.key);
    const map = r.resolve(item.value);
    if (!name || !isMap(map)) continue;
    out.services.push(readService(r, file, text, name, item.key as Node, map));
  }
  return out;
}

function readService(r: ComposeReader, file: string, text: string, name: string, keyNode: Node, map: YAMLMap): ComposeService {
  const s: ComposeService = {
    name, file, keyRange: r.range(keyNode), map,
    environment: new Map(), volumes: [], ports: [], expose: [], labels: [], replicas: 1, dependsOn: [], aliases: [name],
  };
  s.image = r.located(map, 'image');
  const build = r.pair(map, 'build');
  if (build) {
    const bv = r.resolve(build.value);
    const ctx = r.str(bv) ?? r.str(r.value(bv, 'context')) ?? '.';
    s.build = { context: ctx, dockerfile: r.str(r.value(bv, 'dockerfile')), range: r.range(build.key) };
  }
  s.command = readCommand(r, text, map, 'command');
  s.entrypoint = readCommand(r, text, map, 'entrypoint');

  const envPair = r.pair(map, 'environment');
  const env = envPair ? r.resolve(envPair.value) : undefined;
  if (isMap(env)) {
    s.environmentNode = { node: env as Node, keyRange: r.range(envPair!.key), style: 'map' };
    for (const it of env.items) {
      if (!isPair(it)) continue;
      const k = scalarString(it.key);
      const v = r.str(r.resolve(it.value)) ?? '';
      if (k) s.environment.set(k, { value: v, range: r.range((it.value ?? it.key) as Node), keyRange: r.range(it.key as Node) });
    }
  } else if (isSeq(env)) {
    s.environmentNode = { node: env as Node, keyRange: r.range(envPair!.key), style: 'seq' };
    for (const it of env.items) {
      const raw = r.str(r.resolve(it));
      if (raw === undefined) continue;
      const eq = raw.indexOf('=');
      const k = eq < 0 ? raw : raw.slice(0, eq);
      s.environment.set(k, { value: eq < 0 ? '' : raw.slice(eq + 1), range: r.range(it as Node), keyRange: r.range(it as Node) });
    }
  }

  const vols = r.value(map, 'volumes');
  if (isSeq(vols)) {
    for (const it of vols.items) {
      const v = r.resolve(it);
      const raw = r.str(v);
      if (raw !== undefined) {
        const parts = raw.split(':');
        if (parts.length < 2) continue;
        const source = parts[0];
        const bind = /^[./~]/.test(source) || source.startsWith('$');
        s.volumes.push({ source, target: parts[1], bind, readOnly: parts[2]?.split(',').includes('ro') ?? false, range: r.range(v as Node) });
      } else if (isMap(v)) {
        const source = r.str(r.value(v, 'source')) ?? '';
        const target = r.str(r.value(v, 'target')) ?? '';
        const type = r.str(r.value(v, 'type')) ?? 'volume';
        s.volumes.push({ source, target, bind: type === 'bind', readOnly: r.value(v, 'read_only') !== undefined && r.str(r.value(v, 'read_only')) === 'true', range: r.range(v as Node) });
      }
    }
  }

  const ports = r.value(map, 'ports');
  if (isSeq(ports)) {
    for (const it of ports.items) {
      const v = r.resolve(it);
      const raw = r.str(v);
      if (raw !== undefined) s.ports.push({ ...parsePort(raw), range: r.range(v as Node) });
      else if (isMap(v)) {
        const target = r.str(r.value(v, 'target')) ?? '';
        const published = r.str(r.value(v, 'published'));
        const hostIp = r.str(r.value(v, 'host_ip'));
        s.ports.push({ raw: `${published ?? ''}:${target}`, target, published, hostIp, range: r.range(v as Node) });
      }
    }
  }
  const expose = r.value(map, 'expose');
  if (isSeq(expose)) for (const it of expose.items) { const x = r.str(r.resolve(it)); if (x) s.expose.push(x.split('/')[0]); }

  const labels = r.value(map, 'labels');
  if (isSeq(labels)) for (const it of labels.items) { const x = r.str(r.resolve(it)); if (x !== undefined) s.labels.push(x); }
  else if (isMap(labels)) for (const it of labels.items) if (isPair(it)) s.labels.push(`${scalarString(it.key)}=${r.str(r.resolve(it.value)) ?? ''}`);

  // Limits: deploy.resources.limits (Compose v2) wins over the older mem_limit / cpus keys.
  const limits = r.value(r.value(r.value(map, 'deploy'), 'resources'), 'limits');
  const memPair = r.pair(limits, 'memory') ?? r.pair(map, 'mem_limit');
  if (memPair) {
    const bytes = parseComposeBytes(r.str(r.resolve(memPair.value)) ?? (r.resolve(memPair.value) as { value?: unknown })?.value);
    if (bytes !== undefined) s.memLimit = { value: bytes, range: r.range(r.resolve(memPair.value) as Node), keyRange: r.range(memPair.key) };
  }
  const cpuPair = r.pair(limits, 'cpus') ?? r.pair(map, 'cpus');
  if (cpuPair) {
    const raw = (r.resolve(cpuPair.value) as { value?: unknown })?.value;
    const n = parseCpus(typeof raw === 'string' ? interpolate(raw, r.vars) : raw);
    if (n !== undefined) s.cpus = { value: n, range: r.range(r.resolve(cpuPair.value) as Node), keyRange: r.range(cpuPair.key) };
  }
  const replicas = Number(r.str(r.value(r.value(map, 'deploy'), 'replicas')) ?? r.str(r.value(map, 'scale')));
  if (Number.isInteger(replicas) && replicas >= 0) s.replicas = replicas;

  const hc = r.pair(map, 'healthcheck');
  if (hc) {
    const v = r.resolve(hc.value);
    const disabled = r.str(r.value(v, 'disable')) === 'true' || /^\s*\[?\s*["']?NONE/.test(JSON.stringify(r.value(v, 'test') && (r.value(v, 'test') as Node).toJSON()));
    s.healthcheck = { disabled, range: r.range(hc.key) };
  }
  const dep = r.value(map, 'depends_on');
  if (isSeq(dep)) for (const it of dep.items) { const x = r.str(r.resolve(it)); if (x) s.dependsOn.push(x); }
  else if (isMap(dep)) for (const it of dep.items) if (isPair(it)) { const x = scalarString(it.key); if (x) s.dependsOn.push(x); }
  const links = r.value(map, 'links');
  if (isSeq(links)) for (const it of links.items) { const x = r.str(r.resolve(it)); if (x) s.dependsOn.push(x.split(':')[0]); }
  for (const k of ['hostname', 'container_name']) { const x = r.str(r.value(map, k)); if (x) s.aliases.push(x); }
  const nets = r.value(map, 'networks');
  if (isMap(nets)) for (const it of nets.items) if (isPair(it)) {
    const al = r.value(r.resolve(it.value), 'aliases');
    if (isSeq(al)) for (const a of al.items) { const x = r.str(r.resolve(a)); if (x) s.aliases.push(x); }
  }
  return s;
}

export function parsePort(raw: string): Omit<ComposePort, 'range'> {
  // [HOST_IP:][PUBLISHED:]TARGET[/PROTO]; IPv6 host addresses come bracketed.
  const noProto = raw.split('/')[0];
  let hostIp: string | undefined;
  let rest = noProto;
  const v6 = /^\[([^\]]+)\]:(.*)$/.exec(rest);
  if (v6) { hostIp = v6[1]; rest = v6[2]; }
  const parts = rest.split(':');
  if (parts.length === 3) { hostIp = parts[0]; return { raw, hostIp, published: parts[1], target: parts[2] }; }
  if (parts.length === 2) return { raw, hostIp, published: parts[0], target: parts[1] };
  return { raw, hostIp, target: parts[0] };
}

function readCommand(r: ComposeReader, text: string, map: YAMLMap, key: string): ComposeCommand | undefined {
  const p = r.pair(map, key);
  if (!p) return undefined;
  const v = r.resolve(p.value) as Node;
  const base = { keyRange: r.range(p.key), valueRange: r.range(v), node: v };
  if (isScalar(v) && typeof v.value === 'string') {
    const src = v.range ? text.slice(v.range[0], v.range[1]) : '';
    let inner: string | undefined;
    let innerStart = 0;
    if (v.type === 'PLAIN' && !src.includes('\n')) { inner = src; innerStart = v.range![0]; }
    else if (v.type === 'QUOTE_DOUBLE' && !src.includes('\n') && !src.includes('\\')) { inner = src.slice(1, -1); innerStart = v.range![0] + 1; }
    else if (v.type === 'QUOTE_SINGLE' && !src.includes('\n') && !src.slice(1, -1).includes("''")) { inner = src.slice(1, -1); innerStart = v.range![0] + 1; }
    if (inner !== undefined) {
      const toks: ShellToken[] = shellSplit(inner);
      return {
        ...base, style: 'string', args: toks.map((t) => interpolate(t.value, r.vars)),
        argRanges: toks.map((t) => r.index.range(innerStart + t.start, innerStart + t.end)),
        appendAt: innerStart + (toks.length ? toks[toks.length - 1].end : 0),
      };
    }
    return { ...base, style: 'other', args: shellSplit(v.value).map((t) => interpolate(t.value, r.vars)) };
  }
  if (isSeq(v)) {
    const items = v.items.map((it) => r.resolve(it));
    const args = items.map((it) => r.str(it) ?? '');
    const flow = (v as { flow?: boolean }).flow === true;
    const last = items[items.length - 1] as Node | undefined;
    let itemPrefix: string | undefined;
    if (!flow && last?.range) {
      const idx = r.index as LineIndex;
      const pos = idx.position(last.range[0]);
      const lineText = text.slice(idx.lineStart(pos.line), last.range[0]);
      itemPrefix = /^\s*-\s*$/.test(lineText) ? lineText : undefined;
    }
    return {
      ...base, style: flow ? 'flow-seq' : 'block-seq', args,
      argRanges: items.map((it) => r.range(it as Node)),
      appendAt: last?.range ? last.range[1] : undefined,
      itemPrefix,
    };
  }
  return { ...base, style: 'other', args: [] };
}
