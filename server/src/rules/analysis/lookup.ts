// Keyed lookups into a file's fact lists (fields, query uses). OP201/OP202 check every field of a
// file against the file's other fields and uses: a `list.filter(key === ...)` per field made a
// 5,000-line model file quadratic (a third of its lint time). The lists are read-only facts
// (memoised per tree), so each is grouped once.

const memo = new WeakMap<object, Map<string, Map<string, unknown[]>>>();

/**
 * The members of `list` whose key is `key`, in list order: the same members as
 * `list.filter((x) => keyOf(x) === key)`. `kind` names the key function (one grouping per kind).
 * The returned array is shared: spread or copy it, do not modify it.
 */
export function withKey<T extends object>(list: readonly T[], kind: string, keyOf: (x: T) => string | undefined, key: string): readonly T[] {
  let byKind = memo.get(list);
  if (!byKind) memo.set(list, (byKind = new Map()));
  let groups = byKind.get(kind) as Map<string, T[]> | undefined;
  if (!groups) {
    groups = new Map();
    for (const x of list) {
      const k = keyOf(x);
      if (k === undefined) continue;
      const g = groups.get(k);
      if (g) g.push(x);
      else groups.set(k, [x]);
    }
    byKind.set(kind, groups as Map<string, unknown[]>);
  }
  return groups.get(key) ?? [];
}

/** Key of a (model, name) pair. */
export const pairKey = (a: string | undefined, b: string | undefined): string => `${a ?? ''}\u0000${b ?? ''}`;
