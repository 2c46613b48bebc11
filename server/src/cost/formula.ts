// Query counts as formulas in N (the size of the recordset a method runs on). Odoo's costs are
// sums of a few shapes: a fixed count per call (1 search), a count per record (1 query per
// iteration), and batched counts (1 SELECT per 1000 prefetched records, 1 UPDATE/INSERT per 100
// rows). A formula is a sum of monomials `coef · N^power · Π ceil(scale · N^q / div)`, which covers
// `1 + N`, `ceil(N/1000)` per model, `ceil(3N/100)` UPDATE batches and nested loops (N², N·ceil(..)).

export interface CeilFactor {
  /** ceil(scale · N^power / div) */
  scale: number;
  power: number;
  div: number;
}

export interface Monomial {
  coef: number;
  power: number;
  ceils: CeilFactor[];
}

export interface Formula {
  terms: Monomial[];
}

const EPS = 1e-9;

function ceilKey(c: CeilFactor): string {
  return `${+c.scale.toFixed(9)}|${c.power}|${c.div}`;
}

function monoKey(m: Monomial): string {
  return `${m.power}#${m.ceils.map(ceilKey).sort().join(',')}`;
}

function normalise(terms: Monomial[]): Formula {
  const byKey = new Map<string, Monomial>();
  for (const t of terms) {
    if (Math.abs(t.coef) < EPS) continue;
    const ceils = [...t.ceils].sort((a, b) => ceilKey(a).localeCompare(ceilKey(b)));
    const key = monoKey({ ...t, ceils });
    const prev = byKey.get(key);
    if (prev) prev.coef += t.coef;
    else byKey.set(key, { coef: t.coef, power: t.power, ceils });
  }
  const out = [...byKey.values()].filter((t) => Math.abs(t.coef) >= EPS);
  // Constants first, then by growth: reads like "2 + ceil(N/100) + N".
  out.sort((a, b) => a.power - b.power || a.ceils.length - b.ceils.length || monoKey(a).localeCompare(monoKey(b)));
  return { terms: out };
}

export const ZERO: Formula = { terms: [] };

export function constant(c: number): Formula {
  return normalise([{ coef: c, power: 0, ceils: [] }]);
}

/** scale · N */
export function linear(scale = 1): Formula {
  return normalise([{ coef: scale, power: 1, ceils: [] }]);
}

export function add(...fs: Formula[]): Formula {
  return normalise(fs.flatMap((f) => f.terms.map((t) => ({ ...t, ceils: [...t.ceils] }))));
}

export function mul(a: Formula, b: Formula): Formula {
  const out: Monomial[] = [];
  for (const x of a.terms) for (const y of b.terms) {
    out.push({ coef: x.coef * y.coef, power: x.power + y.power, ceils: [...x.ceils, ...y.ceils] });
  }
  return normalise(out);
}

export function scale(f: Formula, k: number): Formula {
  return normalise(f.terms.map((t) => ({ ...t, coef: t.coef * k })));
}

export function isZero(f: Formula): boolean {
  return f.terms.length === 0;
}

export function isConstant(f: Formula): boolean {
  return f.terms.every((t) => t.power === 0 && t.ceils.length === 0);
}

/** The formula as a single monomial `k · N^p` when it is one (sizes usually are). */
function asPowerTerm(f: Formula): { k: number; p: number } | undefined {
  if (f.terms.length === 0) return { k: 0, p: 0 };
  if (f.terms.length !== 1 || f.terms[0].ceils.length) return undefined;
  return { k: f.terms[0].coef, p: f.terms[0].power };
}

/**
 * ceil(size / div): the number of batches needed for `size` rows. Exact for sizes of the form
 * k·N^p (what recordset sizes are); for anything else the bound is taken per term, which can only
 * overestimate by the number of terms.
 */
export function ceilDiv(size: Formula, div: number): Formula {
  const single = asPowerTerm(size);
  if (single) {
    if (single.k <= EPS) return ZERO;
    if (single.p === 0) return constant(Math.ceil(single.k / div - EPS));
    // ceil(N/3 / 100) reads better, and compares equal, as ceil(N/300).
    const inv = 1 / single.k;
    if (single.k < 1 && Math.abs(inv - Math.round(inv)) < 1e-6) {
      return normalise([{ coef: 1, power: 0, ceils: [{ scale: 1, power: single.p, div: div * Math.round(inv) }] }]);
    }
    return normalise([{ coef: 1, power: 0, ceils: [{ scale: single.k, power: single.p, div }] }]);
  }
  return add(...size.terms.map((t) => ceilDiv({ terms: [t] }, div)));
}

export function evaluate(f: Formula, n: number): number {
  let total = 0;
  for (const t of f.terms) {
    let v = t.coef * n ** t.power;
    for (const c of t.ceils) v *= Math.max(0, Math.ceil((c.scale * n ** c.power) / c.div - EPS));
    total += v;
  }
  return Math.round(total * 1e6) / 1e6;
}

function num(k: number): string {
  return Number.isInteger(k) ? String(k) : String(+k.toFixed(3));
}

function powerText(k: number, p: number): string {
  if (p === 0) return num(k);
  const n = p === 1 ? 'N' : `N^${p}`;
  return k === 1 ? n : `${num(k)}${n}`;
}

/** Human form, e.g. "2 + N", "1 + ceil(3N/1000)", "N·ceil(N/100)". */
export function format(f: Formula): string {
  if (!f.terms.length) return '0';
  const parts = f.terms.map((t) => {
    const factors: string[] = [];
    const base = t.power === 0 ? (t.ceils.length && t.coef === 1 ? '' : num(t.coef)) : powerText(t.coef, t.power);
    if (base) factors.push(base);
    for (const c of t.ceils) factors.push(`ceil(${powerText(c.scale, c.power)}/${c.div})`);
    return factors.join('·');
  });
  return parts.join(' + ').replace(/\+ -/g, '- ');
}
