// What a deployment rule sees, and the numeric views of Odoo options the rules share.
import { effective, type DeploymentModel, type OdooService, type OptionValue } from '../model';
import { ODOO_DEFAULTS, geventKey } from '../odooOptions';
import { odooTruthy, iniGet } from '../ini';
import { parseOdooInt, MiB } from '../units';
import { lineRange } from '../text';
import type { AuditOptions, DeployRuleMeta, Range, Severity } from '../types';

export interface Related { file: string; range: Range; message: string }

export interface DeployContext {
  model: DeploymentModel;
  options: AuditOptions;
  report(meta: DeployRuleMeta, file: string, range: Range, message: string, extra?: { severity?: Severity; related?: Related[] }): void;
}

export interface DeployRule {
  meta: DeployRuleMeta;
  check(ctx: DeployContext): void;
}

export interface IntOption { value: number; opt?: OptionValue; explicit: boolean }

type IntKey = 'workers' | 'max_cron_threads' | 'limit_memory_soft' | 'limit_memory_hard' | 'limit_time_cpu' | 'limit_time_real' | 'limit_request' | 'db_maxconn' | 'http_port' | 'gevent_port';

/** An integer option: its explicit value when Odoo can read it, else Odoo's default. */
export function intOption(o: OdooService, key: IntKey): IntOption {
  const lookup = key === 'gevent_port' ? geventKey(o.version) : key;
  let opt = effective(o, lookup);
  if (!opt && key === 'gevent_port') opt = effective(o, 'gevent_port') ?? effective(o, 'longpolling_port');
  const n = parseOdooInt(opt?.value);
  if (opt && n !== undefined) return { value: n, opt, explicit: true };
  return { value: ODOO_DEFAULTS[key], opt, explicit: false };
}

export function boolOption(o: OdooService, key: 'list_db' | 'proxy_mode'): { value: boolean; opt?: OptionValue } {
  const opt = effective(o, key);
  return { value: opt ? odooTruthy(opt.value) : ODOO_DEFAULTS[key], opt };
}

/** Options we cannot see (a config file baked into a custom image or outside the workspace):
 *  only explicit values are judged then, never a missing key. */
export function confUnknown(o: OdooService): boolean {
  return !o.conf && (!!o.confOutside || !o.officialImage) && !!o.svc;
}

export function isDev(o: OdooService): boolean {
  return !!effective(o, 'dev_mode') && effective(o, 'dev_mode')!.value !== '' && effective(o, 'dev_mode')!.value !== 'False';
}

/** A compose service (not in dev mode), or a standalone config file that runs workers. */
export function isDeployment(o: OdooService): boolean {
  if (isDev(o)) return false;
  if (o.svc) return true;
  return intOption(o, 'workers').value > 0;
}

/** Where to report an option that is missing: the [options] header of the config file, else the
 *  `command:` key, else the service name. */
export function missingAnchor(o: OdooService): { file: string; range: Range } {
  if (o.conf) {
    const s = o.conf.doc.sections.find((x) => x.name === 'options');
    if (s) return { file: o.conf.file, range: lineRange(s.line, 0, o.conf.doc.lines[s.line].length) };
  }
  const cmd = o.cliArgs?.key === 'entrypoint' ? o.svc?.entrypoint : o.svc?.command;
  if (cmd) return { file: cmd.file ?? o.file, range: cmd.keyRange };
  return { file: o.file, range: o.anchor };
}

export function optionAnchor(o: OdooService, opt: OptionValue | undefined): { file: string; range: Range } {
  return opt && opt.source !== 'default' ? { file: opt.file, range: opt.range } : missingAnchor(o);
}

export function mib(bytes: number): string {
  const m = bytes / MiB;
  return Number.isInteger(m) ? `${m} MiB` : `${m.toFixed(1)} MiB`;
}

export function where(opt: OptionValue | undefined): string {
  if (!opt) return "Odoo's default";
  return opt.source === 'command' ? 'command line' : opt.source === 'conf' ? 'config file' : opt.source === 'env' ? 'environment' : 'image default';
}

export function hasQueueJobChannels(o: OdooService): boolean {
  if (o.conf && iniGet(o.conf.doc, 'queue_job', 'channels')) return true;
  return !!o.svc?.environment.get('ODOO_QUEUE_JOB_CHANNELS');
}

/** Processes of a prefork server: HTTP workers, cron workers, and the gevent (bus) process. */
export function processCount(o: OdooService): { workers: number; cron: number; total: number } {
  const workers = intOption(o, 'workers').value;
  const cron = intOption(o, 'max_cron_threads').value;
  return { workers, cron, total: workers + cron + 1 };
}

/** The Odoo docs' RAM estimate per process: 80 % light requests at ~150 MiB, 20 % heavy at ~1 GiB. */
export const DOCS_MIB_PER_PROCESS = 0.8 * 150 + 0.2 * 1024; // 324.8
