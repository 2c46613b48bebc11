// Secrets met while auditing (admin_passwd, db_password, passwords in the environment or on a
// command line) never leave this module in clear: summaries and previews carry MASK instead.

export const MASK = '********';

/** Odoo option / PostgreSQL setting / env variable names whose value is a secret. */
export function isSecretKey(key: string): boolean {
  return /passw|secret|token|api[_-]?key|private[_-]?key/i.test(key);
}

/** Odoo short flags that take a secret argument: -w is --db_password. */
const SECRET_SHORT_FLAGS = new Set(['-w']);

/** Masks secret values inside a list of command-line arguments. */
export function maskArgs(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.indexOf('=');
    if (a.startsWith('-') && eq > 0 && isSecretKey(a.slice(0, eq))) out.push(`${a.slice(0, eq + 1)}${MASK}`);
    else if (!a.startsWith('-') && eq > 0 && isSecretKey(a.slice(0, eq))) out.push(`${a.slice(0, eq + 1)}${MASK}`); // postgres -c key=value, env KEY=value
    else if (a.startsWith('-') && (isSecretKey(a) || SECRET_SHORT_FLAGS.has(a)) && i + 1 < args.length) {
      out.push(a, MASK);
      i++;
    } else out.push(a);
  }
  return out;
}

/**
 * Masks secrets in one line of a compose file, an odoo.conf or a postgresql.conf, for previews.
 * Structural per syntax: `key = value` / `key: value` / `- KEY=value` with a secret key, and
 * `--db_password=...`, `--db_password ...`, `-w ...` inside a command.
 */
export function maskLine(line: string): string {
  let out = line;
  // INI / postgresql.conf: key = value or key: value
  out = out.replace(/^(\s*)([A-Za-z0-9_.-]+)(\s*[=:]\s*)(.*)$/, (all, ind, key, sep, val) =>
    isSecretKey(key) && val.trim() !== '' && !/^[|>]/.test(val.trim()) ? `${ind}${key}${sep}${MASK}` : all);
  // YAML list item "- KEY=value" (environment list form), possibly quoted
  out = out.replace(/^(\s*-\s*["']?)([A-Za-z0-9_.-]+)=([^"'\s#]*|[^"'#]*?)(["']?\s*(#.*)?)$/, (all, pre, key, _val, post) =>
    isSecretKey(key) ? `${pre}${key}=${MASK}${post}` : all);
  // command-line flags anywhere on the line
  // (separated by '=', blanks, or '", "' between two items of a flow sequence)
  out = out.replace(/(--?[A-Za-z0-9_-]*(?:passw|secret|token)[A-Za-z0-9_-]*)(=|\s+|["']\s*,\s*["']?)("[^"]*"|'[^']*'|[^\s"',\]]+)/gi, (_all, flag, sep) => `${flag}${sep}${MASK}`);
  out = out.replace(/(^|[\s"'[,])(-w)(\s+|=|["']\s*,\s*["']?)("[^"]*"|'[^']*'|[^\s"',\]]+)/g, (_all, pre, flag, sep) => `${pre}${flag}${sep}${MASK}`);
  // postgres -c key=value / env KEY=value inside a longer command string
  out = out.replace(/(\s|^|["'[,])([A-Za-z0-9_]*(?:PASSW|passw|SECRET|secret|TOKEN|token)[A-Za-z0-9_]*)=("[^"]*"|'[^']*'|[^\s"',\]]+)/g, (_all, pre, key) => `${pre}${key}=${MASK}`);
  return out;
}

const SECRET_FLAG_ITEM = /^\s*-\s*["']?(--?[A-Za-z0-9_-]*(passw|secret|token)[A-Za-z0-9_-]*|-w)["']?\s*$/i;

export function maskText(text: string): string {
  const lines = text.split('\n');
  return lines.map((line, i) => {
    // A block-sequence command puts a secret flag and its value on two items.
    if (i > 0 && SECRET_FLAG_ITEM.test(lines[i - 1])) return line.replace(/^(\s*-\s*["']?)(.*?)(["']?\s*)$/, `$1${MASK}$3`);
    return maskLine(line);
  }).join('\n');
}

/** Values of secret-named variables of `.env` files (what `${DB_PASSWORD}` interpolates to). */
export function dotEnvSecrets(vars: Map<string, string>): string[] {
  // Very short values ('1', 'no') would mask unrelated text; a real secret is longer.
  return [...vars].filter(([k, v]) => isSecretKey(k) && v.length >= 4).map(([, v]) => v);
}

/**
 * Replaces every occurrence of the given secret values in the strings of a JSON-like value
 * (findings, summaries, previews). Interpolation can carry a `.env` secret into places no key
 * name marks as secret (a URL, a label): this is the last line of defence.
 */
export function scrubSecrets<T>(value: T, secrets: string[], skip: (key: string) => boolean = () => false): T {
  if (!secrets.length) return value;
  const sorted = [...new Set(secrets)].sort((a, b) => b.length - a.length);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return sorted.reduce((s, x) => (s.includes(x) ? s.split(x).join(MASK) : s), v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = skip(k) ? x : walk(x);
      return out;
    }
    return v;
  };
  return walk(value) as T;
}
