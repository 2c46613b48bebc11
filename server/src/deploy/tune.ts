// The tuned configuration: Odoo options by the Odoo deployment docs, PostgreSQL settings by the
// PGTune formulas, compose resources, each with its reason, written as minimal edits.
import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import { effective, pgSetting, type DeploymentModel, type OdooService, type DbService } from './model';
import { FileEdits, applyEdits, unifiedDiff, yamlReplaceScalar, yamlScalar, yamlSetPath, yamlSetPaths } from './edits';
import { iniGet, type IniDoc } from './ini';
import { pgGet } from './pgconf';
import { cliFlag, geventKey, ODOO_DEFAULTS } from './odooOptions';
import { shellQuote } from './shell';
import { DOCS_MIB_PER_PROCESS, hasQueueJobChannels, intOption, isDev, processCount } from './rules/context';
import { worstConnections } from './rules/connections';
import { formatComposeMiB, formatPgKb, MiB, parseOdooInt } from './units';
import { isSecretKey, MASK } from './secrets';
import type { AuditOptions, CapacityRow, TunedResult, TunedValue } from './types';
import type { ComposeCommand, ComposeService } from './compose';

/** Share of the host RAM given to PostgreSQL when both run on the target host. Odoo keeps 3/4:
 *  its workers need the docs' estimate plus room to grow up to limit_memory_soft. */
const PG_SHARE = 0.25;
/** Connections kept free above Odoo's worst case for psql, backups and monitoring. */
const PG_SPARE_CONNECTIONS = 10;
/** Per-process pool size: a prefork worker serves one request at a time and seldom holds more
 *  than two cursors; 16 leaves the gevent process room for concurrent bus requests. */
const TUNED_DB_MAXCONN = 16;

export interface TunePlan {
  odoo: OdooService;
  cpus?: number;
  odooMiB: number;
  pgMiB?: number;
  pgCpus?: number;
  source: 'input' | 'compose';
  users?: number;
}

function plan(model: DeploymentModel, options: AuditOptions): TunePlan | { reason: string } {
  const candidates = model.odoo.filter((o) => !isDev(o));
  const o = candidates.find((x) => x.svc) ?? candidates[0];
  if (!o) return { reason: model.odoo.length ? 'only development setups (--dev / dev_mode) found' : 'no Odoo service or Odoo config file found' };
  if (options.target) {
    const t = options.target;
    if (!(t.cpus > 0) || !(t.ramGb > 0)) return { reason: 'target needs cpus > 0 and ramGb > 0' };
    const host = Math.round(t.ramGb * 1024);
    const withDb = !!o.db;
    const pgMiB = withDb ? Math.floor(host * PG_SHARE) : undefined;
    return { odoo: o, cpus: t.cpus, odooMiB: host - (pgMiB ?? 0), pgMiB, pgCpus: t.cpus, source: 'input', users: t.concurrentUsers };
  }
  const mem = o.svc?.memLimit?.value;
  if (!mem) return { reason: 'the Odoo service has no memory limit (deploy.resources.limits.memory or mem_limit); give a target {cpus, ramGb}' };
  const db = o.db;
  return {
    odoo: o, cpus: o.svc?.cpus?.value, odooMiB: Math.floor(mem / MiB), source: 'compose',
    pgMiB: db?.svc.memLimit ? Math.floor(db.svc.memLimit.value / MiB) : undefined,
    pgCpus: db?.svc.cpus?.value ?? o.svc?.cpus?.value,
  };
}

export interface OdooTuning {
  workers: number; cron: number; soft: number; hard: number; dbMaxconn: number; processes: number;
}

/** Odoo sizing (MiB for memory). */
export function odooTuning(cpus: number | undefined, odooMiB: number, users?: number): OdooTuning {
  const cron = (cpus ?? 0) >= 4 ? 2 : 1;
  // The docs count cron workers inside the 2 × CPU + 1 budget ("8 workers + 1 for cron" on 4 CPUs).
  let workers = cpus !== undefined ? Math.max(1, Math.floor(2 * cpus + 1) - cron) : Math.max(1, Math.floor(odooMiB / DOCS_MIB_PER_PROCESS) - cron);
  if (users !== undefined && users > 0) workers = Math.min(workers, Math.max(2, Math.ceil(users / 6))); // docs: 1 worker ≈ 6 concurrent users
  while (workers > 1 && (workers + cron) * DOCS_MIB_PER_PROCESS > odooMiB) workers--;
  const processes = workers + cron + 1;
  const soft = Math.min(2048, Math.floor(odooMiB / processes));
  const hard = Math.min(2560, Math.floor(soft * 2.5), Math.floor(odooMiB / 2));
  return { workers, cron, soft, hard, dbMaxconn: TUNED_DB_MAXCONN, processes };
}

export interface PgTuning { maxConnections: number; sharedKb: number; cacheKb: number; maintenanceKb: number; workKb: number; randomPageCost: string }

/** PGTune (web/OLTP) formulas as DESIGN.md states them; memory in kB. */
export function pgTuning(pgMiB: number, cpus: number, maxConnections: number): PgTuning {
  const ramKb = pgMiB * 1024;
  const sharedKb = Math.floor(ramKb / 4);
  const cacheKb = Math.floor((ramKb * 3) / 4);
  const maintenanceKb = Math.min(Math.floor(ramKb / 16), 2 * 1024 * 1024);
  const workKb = Math.max(4 * 1024, Math.floor((ramKb - sharedKb) / (3 * (maxConnections + Math.max(1, Math.floor(cpus))))));
  return { maxConnections, sharedKb, cacheKb, maintenanceKb, workKb, randomPageCost: '1.1' };
}

class Writer {
  files = new Map<string, FileEdits>();
  values: TunedValue[] = [];
  /** Arguments to append per command node (flushed once per command). */
  private appends = new Map<ComposeCommand | ComposeService, { svc: ComposeService; args: string[]; kind: 'odoo' | 'postgres' }>();
  constructor(private model: DeploymentModel) {}

  fe(file: string): FileEdits | undefined {
    let f = this.files.get(file);
    if (!f) {
      const text = this.model.byPath.get(file.replace(/\\/g, '/'))?.text ?? [...this.model.byPath.values()].find((x) => x.path === file)?.text;
      if (text === undefined) return undefined;
      f = new FileEdits(file, text);
      this.files.set(file, f);
    }
    return f;
  }

  offset(file: string, pos: { line: number; character: number }): number {
    const f = this.fe(file)!;
    let line = 0;
    let i = 0;
    while (line < pos.line && i < f.text.length) { if (f.text[i] === '\n') line++; i++; }
    return i + pos.character;
  }

  record(v: TunedValue): void {
    this.values.push({ ...v, ...(v.before !== undefined && isSecretKey(v.key) ? { before: MASK } : {}) });
  }

  /** Writes an Odoo option where Odoo reads it: the command line if it is there, else the config
   *  file, else appended to the command line. */
  odoo(o: OdooService, key: string, value: string, reason: string, onlyIfUnset = false): void {
    const cur = effective(o, key);
    if (onlyIfUnset && cur && cur.source !== 'default') return;
    if (cur && cur.value === value && cur.source !== 'default') return;
    const base = { kind: 'odoo' as const, service: o.name, key, after: value, reason, ...(cur && cur.source !== 'default' ? { before: cur.value } : {}) };
    const cli = [...o.cli].reverse().find((c) => c.key === key);
    const cmd = o.cliArgs?.key === 'entrypoint' ? o.svc?.entrypoint : o.svc?.command;
    if (cli && cmd && o.svc) {
      // The command may come from the override file of a merged service.
      const file = cmd.file ?? o.file;
      const fe = this.fe(file)!;
      const idx = (o.cliArgs?.offset ?? 0) + cli.valueIndex;
      const r = cmd.argRanges?.[idx];
      if (!r) return this.record({ ...base, reason: `${reason} (not written: edit the command by hand)` });
      const start = this.offset(file, r.start);
      const end = this.offset(file, r.end);
      const orig = cmd.args[idx];
      const arg = cli.inline ? `${orig.slice(0, orig.indexOf('=') + 1)}${value}` : value;
      if (cli.inline && orig.indexOf('=') < 0) return; // a bare flag such as --proxy-mode: already on
      fe.replace(start, end, cmd.style === 'string' ? shellQuote(arg) : quoteItem(cmd, idx, arg));
      return this.record(base);
    }
    if (o.conf) {
      this.ini(o.conf.file, o.conf.doc, 'options', key, value);
      return this.record(base);
    }
    if (o.svc && (o.officialImage || cmd)) {
      const arg = key === 'proxy_mode' ? (value === 'True' ? '--proxy-mode' : '') : `${cliFlag(key)}=${value}`;
      if (arg) this.append(cmd ?? o.svc, o.svc, arg, 'odoo');
      return this.record(base);
    }
    this.record({ ...base, reason: `${reason} (not written: no config file or command line found)` });
  }

  postgres(db: DbService, key: string, value: string, reason: string): void {
    const cur = pgSetting(db, key);
    if (cur && cur.value === value) return;
    const base = { kind: 'postgres' as const, service: db.svc.name, key, after: value, reason, ...(cur ? { before: cur.value } : {}) };
    const a = [...db.args].reverse().find((x) => x.key === key);
    const cmd = db.svc.command;
    if (a && cmd?.argRanges?.[a.valueIndex]) {
      const r = cmd.argRanges[a.valueIndex];
      const orig = cmd.args[a.valueIndex];
      const arg = `${orig.slice(0, orig.indexOf('=') + 1)}${value}`;
      const file = cmd.file ?? db.svc.file;
      this.fe(file)!.replace(this.offset(file, r.start), this.offset(file, r.end), cmd.style === 'string' ? shellQuote(arg) : quoteItem(cmd, a.valueIndex, arg));
      return this.record(base);
    }
    if (!a && db.pgConf) {
      const fe = this.fe(db.pgConf.file)!;
      const e = pgGet(db.pgConf.conf, key);
      if (e) {
        const ls = lineStartOf(fe.text, e.line);
        fe.replace(ls + e.valueStart, ls + e.valueEnd, value);
      } else {
        const end = fe.text.length;
        const needsNl = end > 0 && !fe.text.endsWith('\n');
        fe.insert(end, `${needsNl ? fe.eol : ''}${key} = ${value}${fe.eol}`);
      }
      return this.record(base);
    }
    if (cmd && cmd.args[0] !== 'postgres' && cmd.args.length > 0) return this.record({ ...base, reason: `${reason} (not written: the command does not start postgres)` });
    this.append(cmd ?? db.svc, db.svc, `-c`, 'postgres');
    this.append(cmd ?? db.svc, db.svc, `${key}=${value}`, 'postgres');
    this.record(base);
  }

  compose(svc: ComposeService, key: 'cpus' | 'memory', value: string, before: string | undefined, reason: string): void {
    const cur = key === 'memory' ? svc.memLimit : svc.cpus;
    // A limit the override file sets is changed there (it wins over the base file's).
    const inOverride = !!cur?.file && svc.override?.file === cur.file;
    const fe = this.fe(inOverride ? svc.override!.file : svc.file)!;
    const base: TunedValue = { kind: 'compose', service: svc.name, key: `limits.${key}`, after: value, reason, ...(before ? { before } : {}) };
    if (cur) {
      const pair = findPairByRange(inOverride ? svc.override!.map : svc.map, cur.range, fe);
      if (pair) yamlReplaceScalar(fe, pair, value);
      return this.record(base);
    }
    const pending = this.limits.get(svc) ?? [];
    pending.push([key, value]);
    this.limits.set(svc, pending);
    this.record(base);
  }
  private limits = new Map<ComposeService, [string, string][]>();

  env(svc: ComposeService, key: string, value: string, reason: string): void {
    const node = svc.environmentNode;
    const fe = this.fe(node?.file ?? svc.file)!;
    if (node?.style === 'seq' && node.node.range) {
      const items = (node.node as unknown as { items: Node[] }).items;
      const last = items[items.length - 1];
      if (last?.range) {
        const ls = fe.lineStart(last.range[0]);
        const prefix = fe.text.slice(ls, last.range[0]);
        if (/^\s*-\s*$/.test(prefix)) fe.insert(fe.endOfLine(last.range[1] - 1), `${fe.eol}${prefix}${yamlScalar(`${key}=${value}`)}`, 1);
      }
    } else if (node?.style === 'map') yamlSetPath(fe, node.node as unknown as YAMLMap, [key], value, indentUnit(fe, svc));
    else yamlSetPath(fe, svc.map, ['environment', key], value, indentUnit(fe, svc));
    this.record({ kind: 'odoo', service: svc.name, key, after: value, reason });
  }

  ini(file: string, doc: IniDoc, section: string, key: string, value: string): void {
    const fe = this.fe(file)!;
    const e = iniGet(doc, section, key);
    if (e) {
      const ls = lineStartOf(fe.text, e.line);
      const end = e.endLine === e.line ? ls + e.valueEnd : fe.endOfLine(lineStartOf(fe.text, e.endLine));
      const comment = /\s([#;].*)$/.exec(e.value);
      // configparser has no inline comments: keep the text, on its own line above the key.
      if (comment && e.endLine === e.line) fe.insert(ls, `${doc.lines[e.line].slice(0, e.keyStart)}${comment[1]}${fe.eol}`);
      fe.replace(ls + e.valueStart, end, value);
      return;
    }
    const sec = doc.sections.find((s) => s.name === section);
    if (!sec) {
      const needsNl = fe.text.length > 0 && !fe.text.endsWith('\n');
      fe.insert(fe.text.length, `${needsNl ? fe.eol : ''}${fe.eol}[${section}]${fe.eol}${key} = ${value}${fe.eol}`, 1);
      return;
    }
    const inSection = doc.entries.filter((x) => x.section === section);
    const lastLine = inSection.length ? Math.max(...inSection.map((x) => x.endLine)) : sec.line;
    const sep = inSection.length && /^\S+\s*=\s/.test(doc.lines[inSection[0].line].trim()) ? ' = ' : inSection.length && /^\S+=/.test(doc.lines[inSection[0].line].trim()) ? '=' : ' = ';
    fe.insert(fe.endOfLine(lineStartOf(fe.text, lastLine)), `${fe.eol}${key}${sep}${value}`, 1);
  }

  private append(where: ComposeCommand | ComposeService, svc: ComposeService, arg: string, kind: 'odoo' | 'postgres'): void {
    const cur = this.appends.get(where) ?? { svc, args: [], kind };
    cur.args.push(arg);
    this.appends.set(where, cur);
  }

  flush(): void {
    for (const [svc, leaves] of this.limits) yamlSetPaths(this.fe(svc.file)!, svc.map, ['deploy', 'resources', 'limits'], leaves, indentUnit(this.fe(svc.file)!, svc));
    for (const [where, { svc, args, kind }] of this.appends) {
      const fe = this.fe('style' in where ? where.file ?? svc.file : svc.file)!;
      if ('style' in where) {
        const cmd = where;
        if (cmd.style === 'string' && cmd.appendAt !== undefined) fe.insert(cmd.appendAt, args.map((a) => ` ${shellQuote(a)}`).join(''));
        else if (cmd.style === 'flow-seq' && cmd.appendAt !== undefined) fe.insert(cmd.appendAt, args.map((a) => `, ${quoteItem(cmd, cmd.args.length - 1, a)}`).join(''));
        else if (cmd.style === 'block-seq' && cmd.appendAt !== undefined && cmd.itemPrefix) fe.insert(fe.endOfLine(cmd.appendAt - 1), args.map((a) => `${fe.eol}${cmd.itemPrefix}${quoteItem(cmd, cmd.args.length - 1, a)}`).join(''), 1);
      } else {
        const words = kind === 'odoo' ? ['--', ...args] : ['postgres', ...args];
        yamlSetPath(fe, svc.map, ['command'], words.join(' '), indentUnit(fe, svc));
      }
    }
  }
}

function quoteItem(cmd: ComposeCommand, idx: number, value: string): string {
  const items = (cmd.node as unknown as { items?: Node[] }).items;
  const ref = items?.[idx] ?? items?.[items.length - 1];
  if (isScalar(ref) && ref.type === 'QUOTE_DOUBLE') return JSON.stringify(value);
  if (isScalar(ref) && ref.type === 'QUOTE_SINGLE') return `'${value.replace(/'/g, "''")}'`;
  return yamlScalar(value);
}

function lineStartOf(text: string, line: number): number {
  let i = 0;
  for (let l = 0; l < line; l++) {
    const nl = text.indexOf('\n', i);
    if (nl < 0) return text.length;
    i = nl + 1;
  }
  return i;
}

function indentUnit(fe: FileEdits, svc: ComposeService): number {
  // Measured on the service's map in the file being edited (an override may indent differently).
  const own = fe.file === svc.file ? { map: svc.map, keyRange: svc.keyRange } : svc.override?.file === fe.file ? svc.override : undefined;
  if (!own) return 2;
  const first = own.map.items[0];
  const k = first && (first.key as Node | undefined);
  if (!k?.range) return 2;
  const col = k.range[0] - fe.lineStart(k.range[0]);
  const unit = col - own.keyRange.start.character;
  return unit > 0 ? unit : 2;
}

function findPairByRange(map: YAMLMap, range: { start: { line: number; character: number } }, fe: FileEdits): Node | undefined {
  // Walk the service map for the scalar node that starts at `range.start`.
  const target = lineStartOf(fe.text, range.start.line) + range.start.character;
  let found: Node | undefined;
  const visit = (n: unknown): void => {
    if (found || !n) return;
    if (isScalar(n) && n.range && n.range[0] === target) { found = n as Node; return; }
    if (isMap(n)) for (const p of n.items) { visit(p.key); visit(p.value); }
  };
  visit(map);
  return found;
}

export function tune(model: DeploymentModel, options: AuditOptions): TunedResult | { reason: string } {
  const p = plan(model, options);
  if ('reason' in p) return p;
  const o = p.odoo;
  const t = odooTuning(p.cpus, p.odooMiB, p.users);
  const w = new Writer(model);
  const before = { ...processCount(o), soft: intOption(o, 'limit_memory_soft').value, conns: worstConnections(o) };
  const cpuText = p.cpus !== undefined ? `${p.cpus} CPU` : 'unknown CPU';

  // Compose resources first (only from an explicit target: otherwise they are the input).
  if (p.source === 'input' && o.svc) {
    w.compose(o.svc, 'cpus', String(p.cpus), o.svc.cpus ? String(o.svc.cpus.value) : undefined, 'the target CPUs, so that workers = 2 × CPU + 1 holds inside the container');
    w.compose(o.svc, 'memory', formatComposeMiB(p.odooMiB), o.svc.memLimit ? `${Math.round(o.svc.memLimit.value / MiB)}M` : undefined,
      o.db ? `${Math.round((1 - PG_SHARE) * 100)} % of the ${Math.round(p.odooMiB + (p.pgMiB ?? 0))} MiB host; PostgreSQL gets the rest` : 'the whole target RAM (the database is not in this compose file)');
    if (o.db && p.pgMiB) w.compose(o.db.svc, 'memory', formatComposeMiB(p.pgMiB), o.db.svc.memLimit ? `${Math.round(o.db.svc.memLimit.value / MiB)}M` : undefined, `${Math.round(PG_SHARE * 100)} % of the host for PostgreSQL; its settings below are sized for it`);
  }

  w.odoo(o, 'workers', String(t.workers), `docs: workers + cron ≈ 2 × CPU + 1 (${cpuText})${p.users ? `, ≈ 1 worker per 6 of ${p.users} concurrent users` : ''}, fitting ${p.odooMiB} MiB at ${DOCS_MIB_PER_PROCESS} MiB per process`);
  w.odoo(o, 'max_cron_threads', String(t.cron), p.cpus !== undefined && p.cpus >= 4 ? 'two cron workers from 4 CPUs' : 'one cron worker below 4 CPUs');
  w.odoo(o, 'limit_memory_soft', String(t.soft * MiB), `${p.odooMiB} MiB / ${t.processes} processes (workers + cron + gevent) = ${t.soft} MiB: recycled workers never add up past the container limit`);
  w.odoo(o, 'limit_memory_hard', String(t.hard * MiB), `min(2.5 × soft, half the container) = ${t.hard} MiB: one runaway request is stopped by Odoo, not by the kernel`);
  w.odoo(o, 'limit_time_cpu', '600', "the docs' sample value; set only when missing", true);
  w.odoo(o, 'limit_time_real', '1200', "the docs' sample value; set only when missing", true);
  w.odoo(o, 'limit_request', '8192', "the docs' sample value; set only when missing", true);
  w.odoo(o, 'db_maxconn', String(t.dbMaxconn), 'a prefork worker serves one request at a time; 16 per process keeps the worst case inside max_connections');
  if (o.proxies.length) w.odoo(o, 'proxy_mode', 'True', `behind ${o.proxies[0].name}: trust its X-Forwarded-* headers`);
  if (o.version !== undefined && o.svc) w.odoo(o, geventKey(o.version), String(ODOO_DEFAULTS.gevent_port), 'explicit, so the proxy route and the published port agree with it', true);
  const depends = options.addonDepends ?? [];
  if (depends.includes('queue_job')) {
    const mods = (effective(o, 'server_wide_modules')?.value ?? ODOO_DEFAULTS.server_wide_modules).split(',').map((s) => s.trim()).filter(Boolean);
    if (!mods.includes('queue_job')) w.odoo(o, 'server_wide_modules', [...mods, 'queue_job'].join(','), 'an addon depends on queue_job: its job runner starts only as a server-wide module');
    if (!hasQueueJobChannels(o)) {
      const channels = `root:${Math.max(1, Math.floor(t.workers / 2))}`;
      const reason = 'half the HTTP workers run jobs, the other half stays free for users';
      if (o.conf) { w.ini(o.conf.file, o.conf.doc, 'queue_job', 'channels', channels); w.record({ kind: 'odoo', service: o.name, key: 'queue_job.channels', after: channels, reason }); }
      else if (o.svc) w.env(o.svc, 'ODOO_QUEUE_JOB_CHANNELS', channels, reason);
    }
  }

  const worst = t.processes * t.dbMaxconn * (o.svc?.replicas ?? 1);
  let maxConnBefore: number | undefined;
  let maxConnAfter: number | undefined;
  if (o.db && !o.pgbouncer) {
    const cur = parseOdooInt(pgSetting(o.db, 'max_connections')?.value) ?? 100;
    maxConnBefore = cur;
    maxConnAfter = Math.max(cur, worst + PG_SPARE_CONNECTIONS);
    if (maxConnAfter !== cur) w.postgres(o.db, 'max_connections', String(maxConnAfter), `Odoo's worst case ${t.processes} processes × db_maxconn ${t.dbMaxconn} = ${worst}, + ${PG_SPARE_CONNECTIONS} for psql, backups and monitoring`);
    if (p.pgMiB) {
      const pg = pgTuning(p.pgMiB, p.pgCpus ?? p.cpus ?? 1, maxConnAfter);
      const ram = `${p.pgMiB} MiB`;
      w.postgres(o.db, 'shared_buffers', formatPgKb(pg.sharedKb), `PGTune: RAM/4 of ${ram}`);
      w.postgres(o.db, 'effective_cache_size', formatPgKb(pg.cacheKb), `PGTune: 3·RAM/4 of ${ram}`);
      w.postgres(o.db, 'maintenance_work_mem', formatPgKb(pg.maintenanceKb), `PGTune: RAM/16 of ${ram}, at most 2GB`);
      w.postgres(o.db, 'work_mem', formatPgKb(pg.workKb), `PGTune: (RAM − shared_buffers) / (3 × (max_connections ${maxConnAfter} + ${Math.max(1, Math.floor(p.pgCpus ?? p.cpus ?? 1))} workers)), at least 4MB`);
      w.postgres(o.db, 'random_page_cost', pg.randomPageCost, 'PGTune for SSD storage (use 4 on spinning disks)');
    }
  }
  w.flush();

  const files = [...w.files.values()].filter((f) => f.edits.length > 0).map((f) => ({ file: f.file, edits: f.toTextEdits() }));
  const preview = files.map((f) => unifiedDiff(f.file, w.files.get(f.file)!.text, applyEdits(w.files.get(f.file)!.text, f.edits))).join('\n');
  const capacity: CapacityRow[] = [
    { label: 'HTTP workers', before: String(before.workers), after: String(t.workers) },
    { label: 'concurrent users (docs: ≈ 6 per worker)', before: before.workers ? `≈ ${before.workers * 6}` : 'threaded (one core)', after: `≈ ${t.workers * 6}` },
    { label: 'RAM: docs estimate / Odoo budget', before: `${((before.workers + before.cron) * DOCS_MIB_PER_PROCESS).toFixed(1)} MiB / ${o.svc?.memLimit ? `${Math.round(o.svc.memLimit.value / MiB)} MiB` : 'no limit'}`, after: `${((t.workers + t.cron) * DOCS_MIB_PER_PROCESS).toFixed(1)} MiB / ${p.odooMiB} MiB` },
    { label: 'RAM: processes × limit_memory_soft', before: `${before.total} × ${before.soft / MiB} MiB = ${before.total * before.soft / MiB} MiB`, after: `${t.processes} × ${t.soft} MiB = ${t.processes * t.soft} MiB` },
    { label: 'PostgreSQL connections: worst case / max_connections', before: `${before.conns.count} / ${maxConnBefore ?? '?'}`, after: `${worst} / ${maxConnAfter ?? '?'}` },
  ];
  return {
    target: { cpus: p.cpus ?? 0, ramMiB: p.odooMiB + (p.source === 'input' ? p.pgMiB ?? 0 : 0), ...(p.users ? { concurrentUsers: p.users } : {}), source: p.source },
    values: w.values, files, preview, capacity,
  };
}
