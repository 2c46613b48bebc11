// OP515 queue-job-not-server-wide, OP516 queue-job-channels-unset. OCA queue_job's job runner
// starts only when queue_job is a server-wide module; without [queue_job] channels it runs one
// job at a time (root:1).
import type { DeployRule } from './context';
import { confUnknown, hasQueueJobChannels, isDeployment, missingAnchor, optionAnchor } from './context';
import { effective } from '../model';
import { ODOO_DEFAULTS } from '../odooOptions';

function needsQueueJob(depends: string[] | undefined): boolean {
  return !!depends?.includes('queue_job');
}

function serverWide(o: Parameters<typeof effective>[0]) {
  const opt = effective(o, 'server_wide_modules');
  const mods = (opt?.value ?? ODOO_DEFAULTS.server_wide_modules).split(',').map((s) => s.trim());
  return { opt, mods };
}

export const queueJobNotServerWide: DeployRule = {
  meta: { code: 'OP515', name: 'queue-job-not-server-wide', defaultSeverity: 'warning', summary: 'An addon depends on queue_job but server_wide_modules lacks it' },
  check(ctx) {
    if (!needsQueueJob(ctx.options.addonDepends)) return;
    for (const o of ctx.model.odoo) {
      if (!isDeployment(o)) continue;
      const { opt, mods } = serverWide(o);
      if (mods.includes('queue_job') || (!opt && confUnknown(o))) continue;
      const a = optionAnchor(o, opt);
      ctx.report(this.meta, a.file, a.range,
        `an addon of the workspace depends on queue_job, but server_wide_modules for \`${o.name}\` is "${mods.join(',')}"${opt ? '' : ' (default)'}: the job runner never starts and every with_delay() job stays pending; use server_wide_modules = ${[...mods, 'queue_job'].join(',')}.`);
    }
  },
};

export const queueJobChannelsUnset: DeployRule = {
  meta: { code: 'OP516', name: 'queue-job-channels-unset', defaultSeverity: 'information', summary: 'queue_job runs with no channels configured (one job at a time)' },
  check(ctx) {
    if (!needsQueueJob(ctx.options.addonDepends)) return;
    for (const o of ctx.model.odoo) {
      if (!isDeployment(o) || confUnknown(o)) continue;
      const { opt, mods } = serverWide(o);
      if (!mods.includes('queue_job') || hasQueueJobChannels(o)) continue;
      const a = opt ? optionAnchor(o, opt) : missingAnchor(o);
      ctx.report(this.meta, a.file, a.range,
        `queue_job is loaded for \`${o.name}\` but no channels are configured ([queue_job] channels in the config file or ODOO_QUEUE_JOB_CHANNELS): the runner uses root:1, one job at a time for the whole database.`);
    }
  },
};
