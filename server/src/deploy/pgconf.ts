// postgresql.conf reader: `name = value` or `name value`, '#' starts a comment anywhere outside a
// quoted value, names are case-insensitive, the last occurrence wins (PostgreSQL's own rules).
import type { IniProblem } from './ini';
import { splitLines } from './ini';

export interface PgEntry { key: string; value: string; line: number; keyStart: number; keyEnd: number; valueStart: number; valueEnd: number }
export interface PgConf { lines: string[]; entries: PgEntry[]; problems: IniProblem[] }

export function parsePgConf(text: string): PgConf {
  const lines = splitLines(text);
  const out: PgConf = { lines, entries: [], problems: [] };
  lines.forEach((line, i) => {
    const m = /^(\s*)([A-Za-z_][A-Za-z0-9_.]*)(\s*=\s*|\s+)('(?:[^'\\]|\\.|'')*'|[^\s#']*)\s*(#.*)?$/.exec(line);
    if (!m) {
      const t = line.trim();
      if (t !== '' && !t.startsWith('#')) out.problems.push({ line: i, character: line.length - line.trimStart().length, endCharacter: line.length, message: 'line is not `name = value`; PostgreSQL refuses to start with this file' });
      return;
    }
    const keyStart = m[1].length;
    const valueStart = keyStart + m[2].length + m[3].length;
    let value = m[4];
    if (value.startsWith("'")) value = value.slice(1, -1).replace(/''/g, "'");
    out.entries.push({ key: m[2].toLowerCase(), value, line: i, keyStart, keyEnd: keyStart + m[2].length, valueStart, valueEnd: valueStart + m[4].length });
  });
  return out;
}

export function pgGet(conf: PgConf, key: string): PgEntry | undefined {
  for (let i = conf.entries.length - 1; i >= 0; i--) if (conf.entries[i].key === key) return conf.entries[i];
  return undefined;
}

/** `postgres -c name=value`, `-c name=value` split in two, or `--name=value`. */
export function parsePostgresArgs(args: string[]): { key: string; value: string; argIndex: number; valueIndex: number; split: boolean }[] {
  const out: { key: string; value: string; argIndex: number; valueIndex: number; split: boolean }[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    let kv: string | undefined;
    let valueIndex = i;
    let split = false;
    if (a === '-c' && i + 1 < args.length) { kv = args[i + 1]; valueIndex = i + 1; split = true; }
    else if (a.startsWith('-c') && a.length > 2 && a.includes('=')) kv = a.slice(2);
    else if (a.startsWith('--') && a.includes('=')) kv = a.slice(2);
    if (kv === undefined) continue;
    const eq = kv.indexOf('=');
    if (eq <= 0) continue;
    out.push({ key: kv.slice(0, eq).toLowerCase().replace(/-/g, '_'), value: kv.slice(eq + 1), argIndex: i, valueIndex, split });
    if (split) i++;
  }
  return out;
}

export const PG_DEFAULTS: Record<string, string> = {
  max_connections: '100',
  shared_buffers: '128MB',
  effective_cache_size: '4GB',
  maintenance_work_mem: '64MB',
  work_mem: '4MB',
  random_page_cost: '4',
};
