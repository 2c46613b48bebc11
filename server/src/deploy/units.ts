// Size and CPU parsing for the three notations met in a deployment: Compose ("4G", "512m",
// "1.5gb", bytes), Odoo options (plain bytes) and PostgreSQL settings ("1GB", "4096kB", or a
// bare number in the setting's own unit, e.g. 8 kB pages for shared_buffers).

export const MiB = 1024 * 1024;

/** Compose memory: b, k, m, g (optionally followed by b), case-insensitive; bare numbers are bytes. */
export function parseComposeBytes(raw: unknown): number | undefined {
  if (typeof raw === 'number' && Number.isFinite(raw)) return raw;
  if (typeof raw !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([bkmgt]?)b?\s*$/i.exec(raw);
  if (!m) return undefined;
  const mult: Record<string, number> = { '': 1, b: 1, k: 1024, m: MiB, g: 1024 * MiB, t: 1024 * 1024 * MiB };
  return Math.round(parseFloat(m[1]) * mult[m[2].toLowerCase()]);
}

export function parseCpus(raw: unknown): number | undefined {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim()) : NaN;
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** Integer option value as Odoo's optparse cast accepts it (plain decimal digits). */
export function parseOdooInt(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  return /^\s*-?\d+\s*$/.test(raw) ? parseInt(raw, 10) : undefined;
}

/** Base unit (in kB) of PostgreSQL memory settings when written without a unit. */
const PG_BASE_KB: Record<string, number> = {
  shared_buffers: 8,
  effective_cache_size: 8,
  wal_buffers: 8,
  work_mem: 1,
  maintenance_work_mem: 1,
  temp_buffers: 8,
};

/** PostgreSQL memory setting in kB (units kB, MB, GB, TB are case-sensitive in PostgreSQL). */
export function parsePgKb(key: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const m = /^\s*'?(\d+(?:\.\d+)?)\s*(kB|MB|GB|TB|B)?'?\s*$/.exec(raw);
  if (!m) return undefined;
  const n = parseFloat(m[1]);
  switch (m[2]) {
    case 'B': return n / 1024;
    case 'kB': return n;
    case 'MB': return n * 1024;
    case 'GB': return n * 1024 * 1024;
    case 'TB': return n * 1024 * 1024 * 1024;
    default: return n * (PG_BASE_KB[key] ?? 1);
  }
}

/** "1536MB", "2GB" — the largest exact unit, as PGTune prints. */
export function formatPgKb(kb: number): string {
  const k = Math.floor(kb);
  if (k % (1024 * 1024) === 0 && k > 0) return `${k / (1024 * 1024)}GB`;
  if (k % 1024 === 0 && k > 0) return `${k / 1024}MB`;
  return `${k}kB`;
}

/** Compose memory spelling for a MiB count: "6G" when whole GiB, else "1536M". */
export function formatComposeMiB(mib: number): string {
  return mib % 1024 === 0 ? `${mib / 1024}G` : `${mib}M`;
}

export function fmtMiB(bytes: number): string {
  const m = bytes / MiB;
  return `${Number.isInteger(m) ? m : m.toFixed(1)} MiB`;
}
