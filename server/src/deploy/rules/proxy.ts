// OP510 proxy-mode-missing, OP511 proxy-mode-exposed, OP512 gevent-port-unrouted.
import type { DeployRule } from './context';
import { boolOption, confUnknown, intOption, isDeployment, optionAnchor } from './context';
import { proxyConfigTexts } from '../model';
import { geventKey } from '../odooOptions';

const ALL_INTERFACES = new Set([undefined, '', '0.0.0.0', '::', '[::]']);

export const proxyModeMissing: DeployRule = {
  meta: { code: 'OP510', name: 'proxy-mode-missing', defaultSeverity: 'warning', summary: 'Odoo behind a reverse proxy without proxy_mode' },
  check(ctx) {
    for (const o of ctx.model.odoo) {
      if (!isDeployment(o) || o.proxies.length === 0) continue;
      const pm = boolOption(o, 'proxy_mode');
      if (pm.value || (!pm.opt && confUnknown(o))) continue;
      const a = optionAnchor(o, pm.opt);
      ctx.report(this.meta, a.file, a.range,
        `service \`${o.name}\` is behind \`${o.proxies[0].name}\` (${o.proxies[0].image?.value}) but proxy_mode is ${pm.opt ? `"${pm.opt.value}"` : 'not set'}: Odoo ignores X-Forwarded-For/-Host/-Proto, so every request seems to come from the proxy's address (login throttling and logs see one client) and URLs are built with the internal host and http://.`,
        { related: [{ file: o.proxies[0].file, range: o.proxies[0].keyRange, message: `reverse proxy ${o.proxies[0].name}` }] });
    }
  },
};

export const proxyModeExposed: DeployRule = {
  meta: { code: 'OP511', name: 'proxy-mode-exposed', defaultSeverity: 'warning', summary: 'proxy_mode on while Odoo\'s port is published directly' },
  check(ctx) {
    for (const o of ctx.model.odoo) {
      if (!o.svc || !isDeployment(o)) continue;
      const pm = boolOption(o, 'proxy_mode');
      if (!pm.value) continue;
      const http = intOption(o, 'http_port').value;
      const gevent = intOption(o, 'gevent_port').value;
      for (const p of o.svc.ports) {
        if (p.published === undefined || !ALL_INTERFACES.has(p.hostIp)) continue;
        const target = parseInt(p.target, 10);
        if (target !== http && target !== gevent) continue;
        ctx.report(this.meta, p.file ?? o.file, p.range,
          `proxy_mode is on while port ${target} of \`${o.name}\` is published on every host interface ("${p.raw}"): a client that reaches Odoo directly can forge X-Forwarded-For and X-Forwarded-Host; publish it on 127.0.0.1 only, or not at all and let the proxy reach it on the compose network.`,
          pm.opt ? { related: [{ file: pm.opt.file, range: pm.opt.range, message: 'proxy_mode' }] } : undefined);
      }
    }
  },
};

export const geventPortUnrouted: DeployRule = {
  meta: { code: 'OP512', name: 'gevent-port-unrouted', defaultSeverity: 'warning', summary: 'The gevent (websocket/longpolling) port is neither published nor proxied while workers > 0' },
  check(ctx) {
    for (const o of ctx.model.odoo) {
      if (!o.svc || !isDeployment(o)) continue;
      const workers = intOption(o, 'workers').value;
      if (workers === 0) continue;
      const key = geventKey(o.version);
      const gport = intOption(o, 'gevent_port').value;
      const http = intOption(o, 'http_port').value;
      const route = o.version !== undefined && o.version <= 15 ? '/longpolling' : '/websocket';
      const published = o.svc.ports.some((p) => p.published !== undefined && parseInt(p.target, 10) === gport);
      if (published) continue;
      const portRe = new RegExp(`(^|[^0-9])${gport}([^0-9]|$)`);
      let why: string | undefined;
      if (o.proxies.length === 0) {
        const httpPublished = o.svc.ports.some((p) => p.published !== undefined && parseInt(p.target, 10) === http);
        if (!httpPublished) continue; // reached by something we cannot see
        why = `port ${http} is published but ${gport} is not, and no reverse proxy in the compose file routes ${route}`;
      } else {
        const seen = o.proxies.map((p) => ({ p, texts: [...proxyConfigTexts(p, ctx.model), ...o.svc!.labels] }));
        const readable = seen.filter((x) => x.texts.length > 0);
        if (readable.length === 0) continue; // the proxy's configuration is outside the workspace
        if (readable.some((x) => x.texts.some((t) => portRe.test(t) || t.includes(route)))) continue;
        why = `the configuration of \`${readable[0].p.name}\` never mentions port ${gport} or ${route}`;
      }
      ctx.report(this.meta, o.file, o.svc.keyRange,
        `with workers = ${workers}, Odoo serves ${route} (live chat, notifications, multi-tab sync) from a separate gevent process on ${key} ${gport}, but ${why}: those requests reach the HTTP workers and fail.`);
    }
  },
};
