// OP517 healthcheck-missing. The official image declares no HEALTHCHECK.
import type { DeployRule } from './context';
import { isDeployment } from './context';

export const healthcheckMissing: DeployRule = {
  meta: { code: 'OP517', name: 'healthcheck-missing', defaultSeverity: 'information', summary: 'No healthcheck on the Odoo service' },
  check(ctx) {
    for (const o of ctx.model.odoo) {
      if (!o.svc || !isDeployment(o)) continue;
      if (o.svc.healthcheck && !o.svc.healthcheck.disabled) continue;
      ctx.report(this.meta, o.svc.healthcheck ? o.svc.healthcheck.file ?? o.file : o.file, o.svc.healthcheck?.range ?? o.svc.keyRange,
        `service \`${o.name}\` has ${o.svc.healthcheck ? 'its healthcheck disabled' : 'no healthcheck'}: Compose and the proxy treat it as ready while the registry is still loading, and a hung master is never restarted; e.g. test: ["CMD", "curl", "-fs", "http://localhost:8069/web/health"] (/web/login on versions without /web/health).`);
    }
  },
};
