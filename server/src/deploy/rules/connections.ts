// OP506 connections-exceed-max: every Odoo process has its own pool of up to db_maxconn
// connections (odoo/sql_db.py), so the worst case is (workers + max_cron_threads + 1 gevent) ×
// db_maxconn per replica; in threaded mode (workers = 0) one process holds one pool.
import type { DeployRule } from './context';
import { intOption, isDeployment, optionAnchor, processCount } from './context';
import { effective, pgSetting, type OdooService } from '../model';
import { parseOdooInt } from '../units';
import type { ComposeService } from '../compose';

export function worstConnections(o: OdooService): { count: number; formula: string } {
  const { workers, cron } = processCount(o);
  const maxconn = intOption(o, 'db_maxconn').value;
  const replicas = o.svc?.replicas ?? 1;
  const rep = replicas > 1 ? ` × ${replicas} replicas` : '';
  if (workers === 0) return { count: maxconn * replicas, formula: `1 process × db_maxconn ${maxconn}${rep}` };
  // Odoo 17+ can size the gevent process's pool separately (db_maxconn_gevent).
  const gevent = parseOdooInt(effective(o, 'db_maxconn_gevent')?.value);
  if (gevent !== undefined && gevent > 0) {
    return { count: ((workers + cron) * maxconn + gevent) * replicas, formula: `((${workers} workers + ${cron} cron) × db_maxconn ${maxconn} + db_maxconn_gevent ${gevent})${rep}` };
  }
  return { count: (workers + cron + 1) * maxconn * replicas, formula: `(${workers} workers + ${cron} cron + 1 gevent) × db_maxconn ${maxconn}${rep}` };
}

function bouncerMaxClients(b: ComposeService): { value: number; set: boolean } {
  for (const k of ['MAX_CLIENT_CONN', 'PGBOUNCER_MAX_CLIENT_CONN']) {
    const n = parseOdooInt(b.environment.get(k)?.value);
    if (n !== undefined) return { value: n, set: true };
  }
  return { value: 100, set: false }; // pgbouncer's default max_client_conn
}

export const connectionsExceedMax: DeployRule = {
  meta: { code: 'OP506', name: 'connections-exceed-max', defaultSeverity: 'warning', summary: 'Worst-case Odoo connections exceed PostgreSQL max_connections (or pgbouncer max_client_conn)' },
  check(ctx) {
    // Group the Odoo services by what they connect to: several services share one budget.
    const groups = new Map<ComposeService, OdooService[]>();
    for (const o of ctx.model.odoo) {
      if (!isDeployment(o)) continue;
      const target = o.pgbouncer ?? o.db?.svc;
      if (!target) continue;
      groups.set(target, [...(groups.get(target) ?? []), o]);
    }
    for (const [target, users] of groups) {
      const parts = users.map((o) => ({ o, ...worstConnections(o) }));
      const total = parts.reduce((s, p) => s + p.count, 0);
      let limit: number;
      let limitText: string;
      let related;
      if (users[0].pgbouncer === target) {
        const b = bouncerMaxClients(target);
        limit = b.value;
        limitText = `pgbouncer \`${target.name}\` max_client_conn ${limit}${b.set ? '' : ' (default)'}`;
      } else {
        const db = users[0].db!;
        const s = pgSetting(db, 'max_connections');
        limit = parseOdooInt(s?.value) ?? 100;
        limitText = `PostgreSQL \`${db.svc.name}\` max_connections ${limit}${s ? '' : ' (default)'}`;
        if (s) related = [{ file: s.file, range: s.range, message: `max_connections = ${limit}` }];
      }
      if (total <= limit) continue;
      const first = parts[0];
      const maxconn = intOption(first.o, 'db_maxconn');
      const a = maxconn.explicit ? optionAnchor(first.o, maxconn.opt) : optionAnchor(first.o, intOption(first.o, 'workers').opt);
      const formula = parts.map((p) => (parts.length > 1 ? `\`${p.o.name}\`: ${p.formula} = ${p.count}` : p.formula)).join('; ');
      ctx.report(this.meta, a.file, a.range,
        `worst-case connections ${formula}${parts.length > 1 ? `; total ${total}` : ` = ${total}`} exceed ${limitText}: under load new connections fail with "too many clients" and requests error out; lower db_maxconn (a prefork worker serves one request at a time) or raise the limit.`,
        { related });
    }
  },
};
