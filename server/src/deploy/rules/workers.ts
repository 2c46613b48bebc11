// OP501 workers-disabled, OP502 workers-exceed-cpu.
import type { DeployRule } from './context';
import { intOption, isDeployment, optionAnchor, where } from './context';

export const workersDisabled: DeployRule = {
  meta: { code: 'OP501', name: 'workers-disabled', defaultSeverity: 'warning', summary: 'Odoo runs in threaded mode (workers = 0) in a compose deployment' },
  check(ctx) {
    for (const o of ctx.model.odoo) {
      if (!o.svc || !isDeployment(o)) continue;
      const w = intOption(o, 'workers');
      if (w.value !== 0) continue;
      // A config file we cannot read may set workers: only an explicit 0 is certain then.
      if (!w.explicit && !o.conf && (o.confOutside || !o.officialImage)) continue;
      const cpus = o.svc.cpus?.value;
      const hint = cpus ? `with the CPU limit of ${cpus}, the docs' sizing is 2 × ${cpus} + 1 = ${Math.floor(2 * cpus + 1)} workers` : 'the docs size workers at 2 × CPUs + 1';
      const a = optionAnchor(o, w.opt);
      ctx.report(this.meta, a.file, a.range,
        `workers = 0 (${w.explicit ? where(w.opt) : "Odoo's default"}) in service \`${o.name}\`: Odoo serves every request from one process in threads, and Python runs one thread at a time, so the whole instance uses about one CPU core and a long request slows all others; ${hint}. If this compose is only for development, start Odoo with --dev to silence this.`);
    }
  },
};

export const workersExceedCpu: DeployRule = {
  meta: { code: 'OP502', name: 'workers-exceed-cpu', defaultSeverity: 'warning', summary: 'More workers than 2 × CPU limit + 1' },
  check(ctx) {
    for (const o of ctx.model.odoo) {
      const cpus = o.svc?.cpus;
      if (!cpus || !isDeployment(o)) continue;
      const w = intOption(o, 'workers');
      const max = Math.floor(2 * cpus.value + 1);
      if (w.value <= max) continue;
      const a = optionAnchor(o, w.opt);
      ctx.report(this.meta, a.file, a.range,
        `workers = ${w.value} but service \`${o.name}\` is limited to ${cpus.value} CPU${cpus.value === 1 ? '' : 's'}: the docs' ceiling is 2 × ${cpus.value} + 1 = ${max}; the ${w.value - max} extra processes only add memory and make every request wait for CPU time (limit_time_cpu counts it).`,
        { related: [{ file: cpus.file ?? o.file, range: cpus.range, message: `CPU limit ${cpus.value}` }] });
    }
  },
};
