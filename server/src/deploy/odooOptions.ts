// Odoo options as the server sees them: defaults of odoo/tools/config.py, the command-line
// spellings that set them, and how the official image's entrypoint passes its arguments.

/** Defaults (Odoo 14–18). Memory in bytes, times in seconds. */
export const ODOO_DEFAULTS = {
  workers: 0,
  max_cron_threads: 2,
  limit_memory_soft: 2048 * 1024 * 1024,
  limit_memory_hard: 2560 * 1024 * 1024,
  limit_time_cpu: 60,
  limit_time_real: 120,
  limit_request: 65536,
  db_maxconn: 64,
  http_port: 8069,
  gevent_port: 8072,
  list_db: true,
  proxy_mode: false,
  server_wide_modules: 'base,web',
} as const;

/** Command-line spellings that are not just `--<option with - or _>`. */
const ALIASES: Record<string, string> = {
  '-c': 'config', '--config': 'config',
  '-d': 'db_name', '--database': 'db_name',
  '-r': 'db_user', '--db_user': 'db_user',
  '-w': 'db_password', '--db_password': 'db_password',
  '-p': 'http_port', '--http-port': 'http_port', '--xmlrpc-port': 'http_port',
  '--load': 'server_wide_modules',
  '--db-filter': 'dbfilter',
  '--longpolling-port': 'longpolling_port',
  '--gevent-port': 'gevent_port',
  '--addons-path': 'addons_path',
  '-i': 'init', '-u': 'update',
};
/** Flags that take no value, with the option value they set. */
const FLAGS: Record<string, [string, string]> = {
  '--proxy-mode': ['proxy_mode', 'True'],
  '--no-database-list': ['list_db', 'False'],
  '--no-http': ['http_enable', 'False'],
  '--stop-after-init': ['stop_after_init', 'True'],
  '--without-demo': ['without_demo', 'all'],
  '--dev': ['dev_mode', 'all'],
};

export interface CliOption { key: string; value: string; argIndex: number; /** index of the value argument (same as argIndex for --k=v) */ valueIndex: number; inline: boolean }

/** Parses Odoo command-line arguments (after the executable) into options with their positions. */
export function parseOdooArgs(args: string[]): CliOption[] {
  const out: CliOption[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('-') || a === '--') continue;
    const eq = a.indexOf('=');
    const flag = eq > 0 ? a.slice(0, eq) : a;
    if (FLAGS[flag] && eq < 0) {
      out.push({ key: FLAGS[flag][0], value: FLAGS[flag][1], argIndex: i, valueIndex: i, inline: true });
      continue;
    }
    if (flag === '--dev' && eq > 0) {
      out.push({ key: 'dev_mode', value: a.slice(eq + 1), argIndex: i, valueIndex: i, inline: true });
      continue;
    }
    const key = ALIASES[flag] ?? (flag.startsWith('--') ? flag.slice(2).replace(/-/g, '_') : undefined);
    if (!key) continue;
    if (eq > 0) out.push({ key, value: a.slice(eq + 1), argIndex: i, valueIndex: i, inline: true });
    else if (i + 1 < args.length && !args[i + 1].startsWith('--')) {
      out.push({ key, value: args[i + 1], argIndex: i, valueIndex: i + 1, inline: false });
      i++;
    }
  }
  return out;
}

/** The command-line spelling the tuner writes for an option. */
export function cliFlag(key: string): string {
  switch (key) {
    case 'server_wide_modules': return '--load';
    case 'db_maxconn': return '--db_maxconn';
    case 'proxy_mode': return '--proxy-mode';
    default: return `--${key.replace(/_/g, '-')}`;
  }
}

const ODOO_EXECUTABLES = /(^|\/)(odoo|odoo-bin|odoo\.py|openerp-server)$/;

/**
 * Which arguments reach Odoo, following the official image's entrypoint: `-- args` and `-args`
 * are passed to odoo; `odoo args` too (the entrypoint strips the word). A python/odoo-bin call in
 * a custom image is recognised by its executable. Anything else (bash -c ..., a script) is not
 * Odoo's command line as far as we can tell.
 */
export function odooArgsOf(args: string[]): { args: string[]; offset: number } | undefined {
  if (args.length === 0) return { args: [], offset: 0 };
  if (args[0] === '--') return { args: args.slice(1), offset: 1 };
  if (args[0].startsWith('-')) return { args, offset: 0 };
  if (ODOO_EXECUTABLES.test(args[0])) return { args: args.slice(1), offset: 1 };
  if (/python/.test(args[0]) && args[1] && ODOO_EXECUTABLES.test(args[1])) return { args: args.slice(2), offset: 2 };
  return undefined;
}

export function runsOdoo(args: string[]): boolean {
  return args.length > 0 && (ODOO_EXECUTABLES.test(args[0]) || (/python/.test(args[0]) && !!args[1] && ODOO_EXECUTABLES.test(args[1])));
}

/** Major version from an image reference such as `odoo:17`, `odoo:17.0-20240101`, `registry/odoo:16.0`. */
export function versionFromImage(image: string): number | undefined {
  const m = /:(\d+)(?:\.\d+)?(?:[-_.][\w.-]*)?$/.exec(image);
  if (!m) return undefined;
  const v = parseInt(m[1], 10);
  return v >= 8 && v <= 40 ? v : undefined;
}

export function isOdooImage(image: string): boolean {
  const name = image.split('@')[0].replace(/:[^/]*$/, '');
  return /(^|\/)odoo$/.test(name);
}

/** The gevent port option is `longpolling_port` up to 15 and `gevent_port` from 16. */
export function geventKey(version: number | undefined): 'gevent_port' | 'longpolling_port' {
  return version !== undefined && version <= 15 ? 'longpolling_port' : 'gevent_port';
}
