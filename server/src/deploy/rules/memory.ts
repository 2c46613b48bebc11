// OP503 memory-below-estimate, OP504 memory-below-worker-limits, OP505 memory-hard-above-container.
import type { DeployRule } from './context';
import { DOCS_MIB_PER_PROCESS, intOption, isDeployment, mib, optionAnchor, processCount, where } from './context';
import { MiB } from '../units';

export const memoryBelowEstimate: DeployRule = {
  meta: { code: 'OP503', name: 'memory-below-estimate', defaultSeverity: 'warning', summary: "Container memory below the Odoo docs' RAM estimate for its workers" },
  check(ctx) {
    for (const o of ctx.model.odoo) {
      const mem = o.svc?.memLimit;
      if (!mem || !isDeployment(o)) continue;
      const { workers, cron } = processCount(o);
      if (workers === 0) continue;
      // The docs' example counts the cron workers with the HTTP workers ("8 workers + 1 for cron").
      const n = workers + cron;
      const estimate = n * DOCS_MIB_PER_PROCESS;
      const limitMiB = mem.value / MiB;
      if (limitMiB >= estimate) continue;
      ctx.report(this.meta, mem.file ?? o.file, mem.range,
        `memory limit ${mib(mem.value)} of service \`${o.name}\` is below the Odoo docs' estimate for ${workers} workers + ${cron} cron = ${n} processes × (0.8 × 150 MiB + 0.2 × 1024 MiB) = ${estimate.toFixed(1)} MiB; under ordinary load the kernel will kill workers mid-request.`);
    }
  },
};

export const memoryHardAboveContainer: DeployRule = {
  meta: { code: 'OP505', name: 'memory-hard-above-container', defaultSeverity: 'warning', summary: 'limit_memory_hard is above the container memory limit' },
  check(ctx) {
    for (const o of ctx.model.odoo) {
      const mem = o.svc?.memLimit;
      if (!mem || !isDeployment(o)) continue;
      const hard = intOption(o, 'limit_memory_hard');
      if (hard.value <= mem.value) continue;
      const a = optionAnchor(o, hard.opt);
      ctx.report(this.meta, a.file, a.range,
        `limit_memory_hard = ${mib(hard.value)} (${hard.explicit ? where(hard.opt) : "Odoo's default"}) is above the ${mib(mem.value)} memory limit of service \`${o.name}\`: the kernel's OOM killer ends the process (possibly the whole container) before Odoo's own limit stops the runaway request.`,
        { related: [{ file: mem.file ?? o.file, range: mem.range, message: `container memory limit ${mib(mem.value)}` }] });
    }
  },
};

export const memoryBelowWorkerLimits: DeployRule = {
  meta: { code: 'OP504', name: 'memory-below-worker-limits', defaultSeverity: 'warning', summary: "Container memory below what the workers may hold under limit_memory_soft" },
  check(ctx) {
    for (const o of ctx.model.odoo) {
      const mem = o.svc?.memLimit;
      if (!mem || !isDeployment(o)) continue;
      const { workers, cron, total } = processCount(o);
      if (workers === 0) continue;
      const hard = intOption(o, 'limit_memory_hard');
      if (hard.value > mem.value) continue; // OP505 says it more precisely
      const soft = intOption(o, 'limit_memory_soft');
      const sum = total * soft.value;
      if (sum <= mem.value) continue;
      const a = soft.explicit ? optionAnchor(o, soft.opt) : { file: mem.file ?? o.file, range: mem.range };
      // Soft, not hard: a worker above limit_memory_soft is recycled only after its request, so
      // every process may legitimately sit just under it; the hard limit is a per-request ceiling.
      ctx.report(this.meta, a.file, a.range,
        `(${workers} workers + ${cron} cron + 1 gevent) × limit_memory_soft ${mib(soft.value)} = ${mib(sum)} is above the ${mib(mem.value)} memory limit of service \`${o.name}\`: Odoo recycles a worker only once it passes limit_memory_soft, so before that the container can reach its limit and the kernel kills a worker mid-request; lower limit_memory_soft to at most ${Math.floor(mem.value / MiB / total)} MiB or raise the limit.`,
        { related: [{ file: mem.file ?? o.file, range: mem.range, message: `container memory limit ${mib(mem.value)}` }] });
    }
  },
};
