// OP508 database-without-limits, OP509 postgres-untuned.
import type { DeployRule } from './context';
import { isDeployment, mib } from './context';
import { pgSetting, type DbService } from '../model';
import { formatPgKb, parsePgKb, MiB } from '../units';

function linkedDbs(ctx: Parameters<DeployRule['check']>[0]): DbService[] {
  const out = new Set<DbService>();
  for (const o of ctx.model.odoo) if (o.db && isDeployment(o)) out.add(o.db);
  return [...out];
}

export const databaseWithoutLimits: DeployRule = {
  meta: { code: 'OP508', name: 'database-without-limits', defaultSeverity: 'information', summary: 'PostgreSQL service without a memory limit' },
  check(ctx) {
    for (const db of linkedDbs(ctx)) {
      if (db.svc.memLimit) continue;
      ctx.report(this.meta, db.svc.file, db.svc.keyRange,
        `PostgreSQL service \`${db.svc.name}\` has no memory limit (deploy.resources.limits.memory or mem_limit): it competes with the Odoo workers for the host's RAM, and its memory settings (shared_buffers, work_mem per connection) cannot be sized against a budget.`);
    }
  },
};

export const postgresUntuned: DeployRule = {
  meta: { code: 'OP509', name: 'postgres-untuned', defaultSeverity: 'information', summary: 'PostgreSQL memory settings left far from the PGTune sizing for its memory limit' },
  check(ctx) {
    for (const db of linkedDbs(ctx)) {
      const mem = db.svc.memLimit;
      if (!mem) continue;
      const ramKb = mem.value / 1024;
      const problems: string[] = [];
      const sb = pgSetting(db, 'shared_buffers');
      const sbKb = parsePgKb('shared_buffers', sb?.value ?? '128MB') ?? 128 * 1024;
      // Flag only a clear miss (below half of PGTune's RAM/4), not a matter of taste.
      if (sbKb < ramKb / 8) problems.push(`shared_buffers ${formatPgKb(sbKb)}${sb ? '' : ' (default)'} < RAM/8 (PGTune: RAM/4 = ${formatPgKb(ramKb / 4)})`);
      const ecs = pgSetting(db, 'effective_cache_size');
      const ecsKb = parsePgKb('effective_cache_size', ecs?.value ?? '4GB') ?? 4 * 1024 * 1024;
      if (ecsKb > ramKb) problems.push(`effective_cache_size ${formatPgKb(ecsKb)}${ecs ? '' : ' (default)'} > the ${mib(mem.value)} limit, so the planner counts on cache the container does not have (PGTune: 3·RAM/4 = ${formatPgKb(ramKb * 3 / 4)})`);
      else if (ecsKb < ramKb / 4) problems.push(`effective_cache_size ${formatPgKb(ecsKb)}${ecs ? '' : ' (default)'} < RAM/4 (PGTune: 3·RAM/4 = ${formatPgKb(ramKb * 3 / 4)})`);
      if (problems.length === 0) continue;
      const anchor = sb && sbKb < ramKb / 8 ? { file: sb.file, range: sb.range } : { file: mem.file ?? db.svc.file, range: mem.range };
      ctx.report(this.meta, anchor.file, anchor.range,
        `PostgreSQL \`${db.svc.name}\` with a ${Math.round(mem.value / MiB)} MiB limit: ${problems.join('; ')}.`);
    }
  },
};
