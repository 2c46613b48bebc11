// Entry point of the deployment audit: files in, JSON-serialisable findings, services and a
// tuned-configuration preview out. Never throws on bad input; never returns a secret in clear.
import { buildModel, effective, pgSetting, type DeploymentModel, type OdooService } from './model';
import { DEPLOY_RULES } from './rules/index';
import type { DeployContext } from './rules/context';
import { tune } from './tune';
import { dotEnvSecrets, isSecretKey, MASK, maskArgs, scrubSecrets } from './secrets';
import { parseDotEnv } from './interpolate';
import * as path from 'node:path';
import type { AuditOptions, AuditResult, DeployFinding, InputFile, ServiceSummary } from './types';
import { MiB } from './units';

export function auditWorkspace(files: InputFile[], options: AuditOptions = {}): AuditResult {
  const model = buildModel(files);
  const findings: DeployFinding[] = [];
  const ctx: DeployContext = {
    model,
    options,
    report(meta, file, range, message, extra) {
      findings.push({ code: meta.code, rule: meta.name, severity: extra?.severity ?? meta.defaultSeverity, file, range, message, ...(extra?.related ? { related: extra.related } : {}) });
    },
  };
  for (const rule of DEPLOY_RULES) {
    try {
      rule.check(ctx);
    } catch (err) {
      // One broken rule must not hide the others' findings; the error text carries no file content.
      findings.push({ code: 'OP500', rule: 'config-unreadable', severity: 'error', file: files[0]?.path ?? '', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: `internal error in ${rule.meta.code}: ${(err as Error).message}` });
    }
  }
  findings.sort((a, b) => a.file.localeCompare(b.file) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code));
  let tuned: AuditResult['tuned'] = null;
  let tunedReason: string | undefined;
  try {
    const t = tune(model, options);
    if ('reason' in t) tunedReason = t.reason;
    else tuned = t;
  } catch (err) {
    tunedReason = `tuning failed: ${(err as Error).message}`;
  }
  const result: AuditResult = {
    findings,
    services: summarise(model),
    tuned,
    ...(tunedReason ? { tunedReason } : {}),
    files: model.files.map((f) => ({ path: f.path, role: f.role === 'dockerfile' ? 'other' : f.role })),
  };
  // Secrets of .env files reach the model through interpolation: none may leave in clear. The
  // tuned edits are applied, not shown (and never write a secret), so they stay exact.
  const secrets = files.filter((f) => path.posix.basename(f.path.replace(/\\/g, '/')) === '.env').flatMap((f) => dotEnvSecrets(parseDotEnv(f.text)));
  return scrubSecrets(result, secrets, (key) => key === 'edits');
}

const SUMMARY_KEYS = [
  'workers', 'max_cron_threads', 'limit_memory_soft', 'limit_memory_hard', 'limit_time_cpu', 'limit_time_real', 'limit_request',
  'db_maxconn', 'db_host', 'db_port', 'db_user', 'db_password', 'admin_passwd', 'proxy_mode', 'list_db', 'gevent_port',
  'longpolling_port', 'http_port', 'server_wide_modules', 'dbfilter', 'dev_mode',
];
const PG_KEYS = ['max_connections', 'shared_buffers', 'effective_cache_size', 'work_mem', 'maintenance_work_mem', 'random_page_cost'];

function summarise(model: DeploymentModel): ServiceSummary[] {
  const out: ServiceSummary[] = [];
  for (const o of model.odoo) out.push(summariseOdoo(o));
  for (const d of model.dbs) {
    const settings: ServiceSummary['settings'] = {};
    for (const k of PG_KEYS) { const s = pgSetting(d, k); if (s) settings[k] = { value: isSecretKey(k) ? MASK : s.value, source: s.source === 'conf' ? s.file : 'command' }; }
    out.push({ name: d.svc.name, kind: 'postgres', file: d.svc.file, image: d.svc.image?.value, limits: limits(d.svc), replicas: d.svc.replicas, settings, ...(d.pgConf ? { configFile: d.pgConf.file } : {}) });
  }
  for (const p of model.pgbouncers) out.push({ name: p.name, kind: 'pgbouncer', file: p.file, image: p.image?.value, limits: limits(p), replicas: p.replicas });
  for (const p of model.proxies) out.push({ name: p.name, kind: 'proxy', file: p.file, image: p.image?.value, limits: limits(p), replicas: p.replicas });
  return out;
}

function limits(s: { cpus?: { value: number }; memLimit?: { value: number } }): ServiceSummary['limits'] {
  return { ...(s.cpus ? { cpus: s.cpus.value } : {}), ...(s.memLimit ? { memoryMiB: Math.round(s.memLimit.value / MiB) } : {}) };
}

function summariseOdoo(o: OdooService): ServiceSummary {
  const opts: NonNullable<ServiceSummary['options']> = {};
  for (const k of SUMMARY_KEYS) {
    const v = effective(o, k);
    if (!v) continue;
    opts[k] = { value: isSecretKey(k) ? MASK : v.value, source: v.source === 'conf' ? v.file : v.source };
  }
  return {
    name: o.name, kind: 'odoo', file: o.file,
    ...(o.svc?.image ? { image: o.svc.image.value } : {}),
    ...(o.version !== undefined ? { odooVersion: o.version } : {}),
    limits: o.svc ? limits(o.svc) : {}, replicas: o.svc?.replicas ?? 1, options: opts,
    ...(o.conf ? { configFile: o.conf.file } : o.confOutside ? { configFile: `${o.confOutside} (not in the workspace)` } : {}),
    ...(o.db ? { dbService: o.db.svc.name } : {}),
    ...(o.svc ? { healthcheck: !!o.svc.healthcheck && !o.svc.healthcheck.disabled } : {}),
    ...(o.svc?.command ? { command: maskArgs(o.svc.command.args) } : {}),
  } as ServiceSummary;
}
