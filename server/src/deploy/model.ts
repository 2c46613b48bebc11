// The deployment model: every Odoo service linked to its effective options (command line over
// config file over image environment over Odoo defaults), its database, pgbouncer, reverse proxy
// and resource limits. Findings and the tuner both read this model, never the raw files.
import * as path from 'node:path';
import { classify, normPath, resolveMount, type FileRole } from './files';
import { readCompose, type ComposeFile, type ComposeService } from './compose';
import { iniGet, parseIni, type IniDoc } from './ini';
import { parseOdooArgs, odooArgsOf, runsOdoo, versionFromImage, isOdooImage, type CliOption } from './odooOptions';
import { parsePgConf, parsePostgresArgs, pgGet, type PgConf } from './pgconf';
import { lineRange, FILE_START } from './text';
import { parseDotEnv, type EnvVars } from './interpolate';
import { mergeComposeServices, overrideFor, projectOf } from './merge';
import type { InputFile, Range } from './types';

export type OptionSource = 'command' | 'conf' | 'env' | 'default';

export interface OptionValue {
  value: string;
  source: OptionSource;
  file: string;
  range: Range;
}

export interface ConfFile { file: string; doc: IniDoc }
export interface PgConfFile { file: string; conf: PgConf }

export interface OdooService {
  name: string;
  /** Compose service, or undefined for a config file audited on its own. */
  svc?: ComposeService;
  compose?: ComposeFile;
  /** File that anchors service-level findings (the compose file, or the conf file). */
  file: string;
  anchor: Range;
  version?: number;
  officialImage: boolean;
  conf?: ConfFile;
  /** Container path of a config file that is read but not in the workspace. */
  confOutside?: string;
  cli: CliOption[];
  /** Arguments that reach Odoo, with the index shift into `svc.command.args`. */
  cliArgs?: { args: string[]; offset: number; key: 'command' | 'entrypoint' };
  db?: DbService;
  pgbouncer?: ComposeService;
  proxies: ComposeService[];
}

export interface DbService {
  svc: ComposeService;
  compose: ComposeFile;
  pgConf?: PgConfFile;
  args: ReturnType<typeof parsePostgresArgs>;
}

export interface DeploymentModel {
  files: { path: string; role: FileRole }[];
  composeFiles: ComposeFile[];
  confFiles: ConfFile[];
  pgConfFiles: PgConfFile[];
  odoo: OdooService[];
  dbs: DbService[];
  proxies: ComposeService[];
  pgbouncers: ComposeService[];
  byPath: Map<string, InputFile>;
}

export function isPostgresImage(image: string | undefined): boolean {
  return !!image && /(^|\/)(postgres|postgresql|postgis)(:|$)/.test(image.split('@')[0]) || (!!image && /timescale|pgvector/.test(image));
}
export function isPgbouncerImage(image: string | undefined): boolean {
  return !!image && /pgbouncer/.test(image);
}
export function isProxyImage(image: string | undefined): boolean {
  return !!image && /(^|\/|-)(nginx|caddy|traefik|haproxy|envoy)([-:]|$)|nginx-proxy/.test(image.split('@')[0].replace(/:[^/]*$/, ''));
}

export function buildModel(input: InputFile[]): DeploymentModel {
  const byPath = new Map<string, InputFile>();
  for (const f of input) byPath.set(normPath(f.path), f);
  const files = input.map((f) => ({ path: f.path, role: classify(f) }));
  const m: DeploymentModel = { files, composeFiles: [], confFiles: [], pgConfFiles: [], odoo: [], dbs: [], proxies: [], pgbouncers: [], byPath };
  for (const f of input) {
    const role = classify(f);
    if (role === 'compose') m.composeFiles.push(readCompose(f.path, f.text, dotEnvFor(f.path, byPath)));
    else if (role === 'odoo-conf') m.confFiles.push({ file: f.path, doc: parseIni(f.text) });
    else if (role === 'postgresql-conf') m.pgConfFiles.push({ file: f.path, conf: parsePgConf(f.text) });
  }
  const confByPath = new Map(m.confFiles.map((c) => [normPath(c.file), c]));
  const pgByPath = new Map(m.pgConfFiles.map((c) => [normPath(c.file), c]));
  const linkedConfs = new Set<ConfFile>();

  // A base file and its .override.yml are one project: Compose merges them (merge.ts).
  const overrides = new Map(m.composeFiles.map((cf) => [cf, overrideFor(cf, m.composeFiles)] as const));
  const merged = new Set([...overrides.values()].filter((x): x is ComposeFile => !!x));
  for (const cf of m.composeFiles) {
    if (merged.has(cf)) continue;
    const svcs = mergeComposeServices(cf, overrides.get(cf));
    for (const s of svcs) {
      if (isPgbouncerImage(s.image?.value)) m.pgbouncers.push(s);
      else if (isPostgresImage(s.image?.value)) m.dbs.push(readDb(cf, s, m, pgByPath));
      else if (isProxyImage(s.image?.value)) m.proxies.push(s);
    }
    for (const s of svcs) {
      const odoo = readOdooService(cf, s, m);
      if (!odoo) continue;
      // The config file: -c/--config, else ODOO_RC, else the official image's /etc/odoo/odoo.conf.
      const cfgArg = odoo.cli.find((o) => o.key === 'config')?.value;
      const containerConf = cfgArg ?? s.environment.get('ODOO_RC')?.value ?? (odoo.officialImage ? '/etc/odoo/odoo.conf' : undefined);
      if (containerConf) {
        const ws = resolveMount(s.file, s.volumes, containerConf);
        const conf = ws ? confByPath.get(ws) : undefined;
        if (conf) { odoo.conf = conf; linkedConfs.add(conf); }
        else if (ws || cfgArg) odoo.confOutside = containerConf;
      }
      m.odoo.push(odoo);
    }
  }
  for (const o of m.odoo) linkServices(o, m);
  // Config files no compose service mounts: audited on their own (bare-metal or systemd setups).
  for (const c of m.confFiles) {
    if (linkedConfs.has(c)) continue;
    const options = c.doc.sections.find((s) => s.name === 'options');
    m.odoo.push({
      name: path.posix.basename(normPath(c.file)), file: c.file, anchor: options ? lineRange(options.line, 0, c.doc.lines[options.line].length) : FILE_START,
      officialImage: false, conf: c, cli: [], proxies: [],
    });
  }
  return m;
}

function readOdooService(cf: ComposeFile, s: ComposeService, m: DeploymentModel): OdooService | undefined {
  const image = s.image?.value;
  let version = image ? versionFromImage(image) : undefined;
  let official = !!image && isOdooImage(image);
  if (!official && s.build) {
    // A build whose Dockerfile starts FROM the official image behaves like it (entrypoint, ODOO_RC).
    const df = normPath(path.posix.join(path.posix.dirname(normPath(cf.file)), s.build.context, s.build.dockerfile ?? 'Dockerfile'));
    const text = m.byPath.get(df)?.text;
    const froms = text ? [...text.matchAll(/^\s*FROM\s+(?:--\S+\s+)*(\S+)/gim)].map((x) => x[1]) : [];
    const base = froms[froms.length - 1];
    if (base && isOdooImage(base)) { official = true; version = version ?? versionFromImage(base); }
  }
  const cmd = s.command;
  const ep = s.entrypoint;
  let cliArgs: OdooService['cliArgs'];
  if (ep && runsOdoo(ep.args)) {
    const a = odooArgsOf(ep.args);
    if (a) cliArgs = { ...a, key: 'entrypoint' };
  } else if (cmd) {
    const a = official || runsOdoo(cmd.args) ? odooArgsOf(cmd.args) : undefined;
    if (a) cliArgs = { ...a, key: 'command' };
  } else if (official) cliArgs = undefined;
  if (!official && !cliArgs) return undefined;
  if (!official && cliArgs && cliArgs.key === 'command' && !runsOdoo(cmd!.args)) return undefined;
  return {
    name: s.name, svc: s, compose: cf, file: s.file, anchor: s.keyRange, version, officialImage: official,
    cli: cliArgs ? parseOdooArgs(cliArgs.args) : [], cliArgs, proxies: [],
  };
}

function readDb(cf: ComposeFile, s: ComposeService, m: DeploymentModel, pgByPath: Map<string, PgConfFile>): DbService {
  const args = s.command?.args ?? [];
  const pgArgs = parsePostgresArgs(args);
  const db: DbService = { svc: s, compose: cf, args: pgArgs };
  const cfgFile = pgArgs.find((a) => a.key === 'config_file')?.value;
  const candidates = cfgFile ? [cfgFile] : s.volumes.filter((v) => v.bind && /\.conf$/.test(v.target)).map((v) => v.target);
  for (const c of candidates) {
    const ws = resolveMount(cf.file, s.volumes, c);
    let conf = ws ? pgByPath.get(ws) : undefined;
    if (!conf && ws) {
      // A mounted file with another name (e.g. ./db/custom.conf) is still PostgreSQL's config.
      const f = m.byPath.get(ws);
      if (f) { conf = { file: f.path, conf: parsePgConf(f.text) }; m.pgConfFiles.push(conf); }
    }
    if (conf) { db.pgConf = conf; break; }
  }
  return db;
}

/** Variables of the `.env` file in the compose file's folder (Compose's default env file). */
function dotEnvFor(composeFile: string, byPath: Map<string, InputFile>): EnvVars | undefined {
  const env = byPath.get(normPath(path.posix.join(path.posix.dirname(normPath(composeFile)), '.env')));
  return env ? parseDotEnv(env.text) : undefined;
}

function hostMatches(host: string | undefined, svc: ComposeService): boolean {
  return !!host && svc.aliases.includes(host);
}

function linkServices(o: OdooService, m: DeploymentModel): void {
  const host = effective(o, 'db_host')?.value;
  // Services of one project (a compose file, or a base file and its override) see each other.
  const project = o.svc ? projectOf(o.svc) : o.file;
  const inSameFile = (xs: ComposeService[]) => xs.filter((x) => projectOf(x) === project);
  const bouncer = inSameFile(m.pgbouncers).find((b) => hostMatches(host, b));
  if (bouncer) {
    o.pgbouncer = bouncer;
    const bHost = ['DB_HOST', 'DATABASES_HOST', 'POSTGRESQL_HOST', 'PGBOUNCER_DATABASE_HOST'].map((k) => bouncer.environment.get(k)?.value).find(Boolean);
    o.db = m.dbs.find((d) => projectOf(d.svc) === project && hostMatches(bHost, d.svc));
  } else {
    o.db = m.dbs.find((d) => projectOf(d.svc) === project && hostMatches(host, d.svc));
    const sameFileDbs = m.dbs.filter((d) => projectOf(d.svc) === project);
    if (!o.db && !host && sameFileDbs.length === 1) o.db = sameFileDbs[0];
  }
  o.proxies = inSameFile(m.proxies).filter((p) => proxyFronts(p, o, m));
}

/** Evidence that a proxy fronts this Odoo service: depends_on/links, its mounted config naming the
 *  service, or Traefik/Caddy labels on the Odoo service itself. */
function proxyFronts(p: ComposeService, o: OdooService, m: DeploymentModel): boolean {
  if (!o.svc) return false;
  const names = o.svc.aliases;
  if (p.dependsOn.some((d) => names.includes(d))) return true;
  if (/traefik/.test(p.image?.value ?? '') && o.svc.labels.some((l) => /^traefik\.(enable=true|http\.)/.test(l))) return true;
  if (/caddy/.test(p.image?.value ?? '') && o.svc.labels.some((l) => /^caddy(\.|=|_)/.test(l))) return true;
  return proxyConfigTexts(p, m).some((t) => names.some((n) => new RegExp(`(^|[^\\w-])${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(:\\d+|[;\\s/]|$)`, 'm').test(t)));
}

export function proxyConfigTexts(p: ComposeService, m: DeploymentModel): string[] {
  const out: string[] = [];
  for (const v of p.volumes) {
    if (!v.bind) continue;
    const src = v.source.startsWith('/') ? normPath(v.source) : normPath(path.posix.join(path.posix.dirname(normPath(p.file)), v.source));
    for (const [k, f] of m.byPath) if (k === src || k.startsWith(src + '/')) out.push(f.text);
  }
  return out;
}

/** Effective value of an Odoo option and where it comes from. */
export function effective(o: OdooService, key: string): OptionValue | undefined {
  const c = [...o.cli].reverse().find((x) => x.key === key);
  if (c && o.svc) {
    const cmd = o.cliArgs?.key === 'entrypoint' ? o.svc.entrypoint : o.svc.command;
    const idx = (o.cliArgs?.offset ?? 0) + c.argIndex;
    const range = cmd?.argRanges?.[idx] ?? cmd?.keyRange ?? o.anchor;
    return { value: c.value, source: 'command', file: cmd?.file ?? o.file, range };
  }
  if (o.conf) {
    const e = iniGet(o.conf.doc, 'options', key);
    if (e) return { value: e.value, source: 'conf', file: o.conf.file, range: lineRange(e.line, e.keyStart, e.valueEnd) };
  }
  if (o.officialImage && o.svc) {
    // The official entrypoint passes HOST/PORT/USER/PASSWORD unless the config file sets the option.
    const envKey: Record<string, string> = { db_host: 'HOST', db_port: 'PORT', db_user: 'USER', db_password: 'PASSWORD' };
    const k = envKey[key];
    if (k) {
      const e = o.svc.environment.get(k);
      if (e) return { value: e.value, source: 'env', file: e.file ?? o.file, range: e.keyRange };
      const dflt: Record<string, string> = { HOST: 'db', PORT: '5432', USER: 'odoo', PASSWORD: 'odoo' };
      return { value: dflt[k], source: 'default', file: o.file, range: o.anchor };
    }
  }
  return undefined;
}

export interface PgSetting { value: string; source: 'command' | 'conf' | 'default'; file: string; range: Range }

export function pgSetting(db: DbService, key: string): PgSetting | undefined {
  const a = [...db.args].reverse().find((x) => x.key === key);
  if (a) {
    const range = db.svc.command?.argRanges?.[a.valueIndex] ?? db.svc.command?.keyRange ?? db.svc.keyRange;
    return { value: a.value, source: 'command', file: db.svc.command?.file ?? db.svc.file, range };
  }
  if (db.pgConf) {
    const e = pgGet(db.pgConf.conf, key);
    if (e) return { value: e.value, source: 'conf', file: db.pgConf.file, range: lineRange(e.line, e.keyStart, e.valueEnd) };
  }
  return undefined;
}
