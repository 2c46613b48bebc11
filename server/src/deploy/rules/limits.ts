// OP507 time-limits-unset: in prefork mode Odoo's watchdogs use limit_time_cpu (60 s),
// limit_time_real (120 s) and limit_request (65536 requests before recycling) whether or not they
// are written; the finding is informational: the values in force are the defaults, not a choice.
import type { DeployRule } from './context';
import { confUnknown, intOption, isDeployment, missingAnchor } from './context';

const KEYS = [
  ['limit_time_cpu', 'CPU seconds per request', 60],
  ['limit_time_real', 'wall-clock seconds per request', 120],
  ['limit_request', 'requests before a worker is recycled', 65536],
] as const;

export const timeLimitsUnset: DeployRule = {
  meta: { code: 'OP507', name: 'time-limits-unset', defaultSeverity: 'information', summary: 'limit_time_cpu / limit_time_real / limit_request not set' },
  check(ctx) {
    for (const o of ctx.model.odoo) {
      if (!isDeployment(o) || confUnknown(o)) continue;
      if (intOption(o, 'workers').value === 0) continue;
      const missing = KEYS.filter(([k]) => !intOption(o, k).explicit);
      if (missing.length === 0) continue;
      const a = missingAnchor(o);
      const list = missing.map(([k, what, d]) => `${k} (default ${d} ${what})`).join(', ');
      const names = missing.map(([k]) => k).join(', ');
      ctx.report(this.meta, a.file, a.range,
        `${names} ${missing.length === 1 ? 'is' : 'are'} not set for \`${o.name}\`, so Odoo's defaults apply: ${list}. A report or import that needs longer is killed, and a runaway request holds a worker that long; set them deliberately.`);
    }
  },
};
