// The workspace model: addons, versions and per-file facts, with lookup maps built lazily. Re-indexing
// a file replaces only that file's facts, and patches the lookup maps in place (see applyDelta):
// rebuilding them from every file's facts took ~50 ms per keystroke on a 300k-line workspace.
import * as path from 'node:path';
import { parseOdooMajor } from '../config';
import { parsePython, type Tree } from '../parse/parser';
import type { Addon, CronJob, DeclaredIndex, FieldInfo, ModelInfo, MutableWorkspace, QueryUse, WorkspaceOptions } from './workspace';
import type { CronFact } from './cronFacts';
import type { FunctionFact } from './functions';
import { extractFunctions } from './functions';
import { emptyFacts, type ClassFact, type FileFacts } from './facts';
import { readManifest } from './manifest';
import { manifestMajor, readReleaseVersion, releaseCandidates } from './version';
import { extractModels } from './pyModels';
import { extractOrderUses, extractQueryUses } from './pyQueries';
import { extractCreatedModels, type CreateFact } from './createdModels';
import { extractXmlUses } from './xmlFacts';
import { extractCsvCrons, extractXmlCrons, isCronCsv } from './cronFacts';
import { discover, MANIFEST_NAMES, readText, SKIP_IN_ADDON } from './walk';

interface Derived {
  models: Map<string, ModelInfo>;
  classes: Map<string, ClassFact[]>;
  fields: Map<string, Map<string, FieldInfo[]>>;
  uses: Map<string, QueryUse[]>;
  functions: Map<string, FunctionFact[]>;
  indexes: Map<string, DeclaredIndex[]>;
  inverses: Map<string, FieldInfo[]>;
  crons: CronJob[];
  /** Model -> `.create()` calls on it (OP201's growth signal). */
  created: Map<string, CreateFact[]>;
  /** Function name -> files whose function facts are not extracted yet but may define it. */
  lazyFunctions: Map<string, FileFacts[]>;
  /** ir.model xmlid (model_sale_order) -> model name, for ir.rule uses and crons. */
  byRef: Map<string, string>;
  /** Answers of field()/fieldsOfModel()/ancestors(), asked per field by several rules; emptied by
   * every change (applyDelta). */
  answers: Map<string, FieldInfo[] | string[]>;
}

// Function facts serve only OP301/OP305's call-graph walks, which ask for a handful of names; they
// were ~60% of the index time. The index keeps each file's source and extracts its functions the
// first time a name it defines (found by a text search, a superset) is asked for.
const DEF_NAME = /\bdef\s+([\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*)/gu;

const key = (model: string, field: string) => `${model}\u0000${field}`;

function push<K, V>(map: Map<K, V[]>, k: K, v: V): void {
  const list = map.get(k);
  if (list) list.push(v);
  else map.set(k, [v]);
}

/**
 * Replaces the entries of `file` in a list kept in file order (the order of Workspace.files, given
 * by `seqOf`): drops the old ones, inserts `added` where a full rebuild would have put them.
 */
function replaceInOrder<T>(list: T[], fileOf: (x: T) => string, file: string, added: T[], seqOf: (file: string) => number): void {
  let w = 0;
  for (let r = 0; r < list.length; r++) if (fileOf(list[r]) !== file) list[w++] = list[r];
  list.length = w;
  if (!added.length) return;
  const s = seqOf(file);
  let at = list.length;
  for (let i = 0; i < list.length; i++) {
    if (seqOf(fileOf(list[i])) > s) {
      at = i;
      break;
    }
  }
  list.splice(at, 0, ...added);
}

/** Groups `items` by key, keeping their order within each group. */
function groupBy<K, V>(items: V[], keyOf: (v: V) => K | undefined): Map<K, V[]> {
  const out = new Map<K, V[]>();
  for (const v of items) {
    const k = keyOf(v);
    if (k !== undefined) push(out, k, v);
  }
  return out;
}

/** One class's contribution to its model's summary (later classes win, as in a full build). */
function mergeClass(m: ModelInfo, c: ClassFact): void {
  m.definitions.push({ file: c.file, range: c.range, className: c.className, addon: c.addon, extension: c.extension });
  for (const p of c.inherits) if (!m.inherits.includes(p)) m.inherits.push(p);
  if (c.order !== undefined) m.order = c.order;
  if (c.recName !== undefined) m.recName = c.recName;
  if (c.kind && (!c.extension || !m.kind)) m.kind = c.kind;
  if (c.auto === false) m.auto = false;
}

/** Facts of one Python file, from a single parse. The tree is freed before returning, unless the
 * caller gave its own (the editor's tree of the buffer, which the lint then reuses). */
export function indexPython(text: string, file: string, addon: string | undefined, options: { functions?: boolean; tree?: Tree } = {}): FileFacts {
  const tree = options.tree ?? parsePython(text);
  try {
    const facts = emptyFacts();
    // Cheap text prefilters: most Python files of an addon define no model or no search.
    if (text.includes('_name') || text.includes('_inherit')) {
      const m = extractModels(tree, file, addon);
      facts.classes = m.classes;
      facts.fields = m.fields;
      facts.indexes = m.indexes;
      if (m.classes.length) facts.uses.push(...extractOrderUses(tree, file, addon, m.classModels));
      if (/search|read_group/.test(text)) facts.uses.push(...extractQueryUses(tree, file, addon, m.classModels));
      if (text.includes('create')) facts.created = extractCreatedModels(tree, file, addon, m.classModels);
    } else if (/search|read_group/.test(text)) {
      facts.uses.push(...extractQueryUses(tree, file, addon, new Map()));
    }
    if (!facts.created && text.includes('create')) facts.created = extractCreatedModels(tree, file, addon, new Map());
    if (options.functions !== false) facts.functions = extractFunctions(tree, file);
    return facts;
  } finally {
    if (tree !== options.tree) tree.delete();
  }
}

export class Workspace implements MutableWorkspace {
  private readonly files = new Map<string, FileFacts>();
  /** Insertion number of each file in `files` (its iteration order), for ordered list patches. */
  private readonly seq = new Map<string, number>();
  private nextSeq = 0;
  private readonly addonByDir = new Map<string, Addon>();
  private addonDirsByDepth: string[] = [];
  /** addonForFile answers; valid while addonDirsByDepth is the array they were computed with
   * (every change of the addons assigns a new array). */
  private readonly addonCache = new Map<string, Addon | undefined>();
  /** Python files whose function facts are extracted on first use (see DEF_NAME). */
  private readonly pendingFunctions = new WeakMap<FileFacts, { file: string; source: string }>();
  private addonCacheFor: string[] | undefined;
  /** Root/addons-path folder → Odoo major read from an odoo/release.py near it. */
  private readonly releaseVersions = new Map<string, number>();
  private derived: Derived | undefined;
  /** Not readonly: a shared scan collects each file's messages separately (see scanShared). */
  private log: (m: string) => void;

  constructor(private readonly options: WorkspaceOptions) {
    this.log = options.log ?? (() => undefined);
  }

  // ---- scanning -------------------------------------------------------------------------------

  async scan(share?: ScanShare): Promise<void> {
    const dirs = [...this.options.roots, ...this.options.addonsPaths];
    for (const d of dirs) this.readRelease(d);
    const found = discover(dirs, this.log);
    for (const [dir, manifest] of found.addons) this.loadManifest(dir, manifest, readText(manifest, this.log));
    const total = found.files.length;
    this.options.onProgress?.(0, total);
    if (share) {
      await this.scanShared(found.files, share);
      this.derived = undefined;
      return;
    }
    let done = 0;
    for (const file of found.files) {
      const text = readText(file, this.log);
      if (text !== undefined) this.indexFile(file, text, undefined, true);
      done++;
      // Report and yield now and then so an LSP server stays responsive during a long scan.
      if (done % 50 === 0 || done === total) {
        this.options.onProgress?.(done, total);
        await new Promise((r) => setImmediate(r));
      }
    }
    this.derived = undefined;
  }

  /**
   * The file loop of scan() split between threads: this one indexes every share.count-th file,
   * share.exchange() trades those facts for everyone's, then all files' facts go in in the same
   * order (and with the same log lines, in the same order) as a scan of every file here would give.
   */
  private async scanShared(files: string[], share: ScanShare): Promise<void> {
    const mine = new Map<string, SharedFacts>();
    const log = this.log;
    try {
      for (let i = share.index; i < files.length; i += share.count) {
        const file = files[i];
        const logs: string[] = [];
        this.log = (m) => logs.push(m);
        const text = readText(file, this.log);
        if (text !== undefined) this.indexFile(file, text, undefined, true);
        const facts = this.files.get(file);
        const source = facts && this.pendingFunctions.get(facts)?.source;
        this.deleteFacts(file);
        mine.set(file, { ...(facts ? { facts } : {}), ...(source !== undefined ? { source } : {}), logs });
        if (mine.size % 50 === 0) {
          this.options.onProgress?.(Math.min(files.length, mine.size * share.count), files.length);
          await new Promise((r) => setImmediate(r));
        }
      }
    } finally {
      this.log = log;
    }
    const all = await share.exchange(mine);
    for (const file of files) {
      const got = all.get(file);
      if (!got) continue;
      for (const m of got.logs) this.log(m);
      if (!got.facts) continue;
      this.setFacts(file, got.facts);
      if (got.source !== undefined) this.pendingFunctions.set(got.facts, { file, source: got.source });
    }
    this.options.onProgress?.(files.length, files.length);
  }

  private readRelease(dir: string): void {
    for (const candidate of releaseCandidates(dir)) {
      const text = readText(candidate, this.log);
      if (text === undefined) continue;
      const tree = parsePython(text);
      try {
        const v = readReleaseVersion(tree);
        if (v !== undefined) {
          this.releaseVersions.set(path.resolve(dir), v);
          return;
        }
      } finally {
        tree.delete();
      }
    }
  }

  private loadManifest(dir: string, manifestPath: string, text: string | undefined): void {
    let name: string | undefined;
    let version: string | undefined;
    let depends: string[] = [];
    let hooks: Record<string, string> = {};
    if (text !== undefined) {
      try {
        const tree = parsePython(text);
        try {
          const m = readManifest(tree);
          ({ version, depends, hooks } = m);
          name = m.name;
          for (const p of m.problems) this.log(`${manifestPath}: ${p}`);
        } finally {
          tree.delete();
        }
      } catch (e) {
        this.log(`${manifestPath}: unreadable manifest (${(e as Error).message})`);
      }
    }
    void name;
    const addon: Addon = { name: path.basename(dir), dir, manifestPath, version, depends, odooVersion: undefined, hooks };
    addon.odooVersion = this.resolveVersion(addon);
    this.addonByDir.set(dir, addon);
    this.addonDirsByDepth = [...this.addonByDir.keys()].sort((a, b) => b.length - a.length);
  }

  private resolveVersion(addon: Addon): number | undefined {
    const fromManifest = manifestMajor(addon.version);
    if (fromManifest !== undefined) return fromManifest;
    // The release.py of the root or addons path that holds this addon, else any one found.
    let best: { len: number; v: number } | undefined;
    for (const [dir, v] of this.releaseVersions) {
      if ((addon.dir === dir || addon.dir.startsWith(dir + path.sep)) && (!best || dir.length > best.len)) best = { len: dir.length, v };
    }
    const any = this.releaseVersions.values().next();
    return best?.v ?? (any.done ? undefined : any.value) ?? parseOdooMajor(this.options.odooVersion);
  }

  private indexable(file: string): Addon | undefined {
    const addon = this.addonForFile(file);
    if (!addon) return undefined;
    const rel = path.relative(addon.dir, file).split(path.sep);
    if (rel.slice(0, -1).some((seg) => SKIP_IN_ADDON.has(seg) || seg.startsWith('.'))) return undefined;
    return addon;
  }

  private setFacts(file: string, facts: FileFacts): void {
    if (!this.files.has(file)) this.seq.set(file, this.nextSeq++);
    this.files.set(file, facts);
  }

  private deleteFacts(file: string): void {
    this.files.delete(file);
    this.seq.delete(file);
  }

  /** `tree`: the caller's (never freed here); `offerTree`: a scan offers its own to options.keepTree. */
  private indexFile(file: string, text: string, tree?: Tree, offerTree = false): void {
    const addon = this.indexable(file);
    if (!addon) {
      this.deleteFacts(file);
      return;
    }
    try {
      if (file.endsWith('.py')) {
        const own = tree ?? parsePython(text);
        let kept = false;
        try {
          const facts = indexPython(text, file, addon.name, { functions: false, tree: own });
          this.pendingFunctions.set(facts, { file, source: text });
          this.setFacts(file, facts);
          kept = !tree && offerTree && (this.options.keepTree?.(file, text, own) ?? false);
        } finally {
          if (!tree && !kept) own.delete();
        }
      }
      else if (file.endsWith('.xml')) this.setFacts(file, { ...emptyFacts(), uses: extractXmlUses(text, file, addon.name), crons: extractXmlCrons(text, file, addon.name) });
      else if (isCronCsv(file)) this.setFacts(file, { ...emptyFacts(), crons: extractCsvCrons(text, file, addon.name) });
    } catch (e) {
      // A bug or a pathological file must not stop the rest of the workspace from indexing.
      this.deleteFacts(file);
      this.log(`could not index ${file}: ${(e as Error).message}`);
    }
  }

  updateFile(file: string, text: string | undefined, tree?: Tree): void {
    file = path.resolve(file);
    const base = path.basename(file);
    if (MANIFEST_NAMES.has(base)) {
      this.derived = undefined;
      const dir = path.dirname(file);
      if (text === undefined) {
        this.addonByDir.delete(dir);
        this.addonDirsByDepth = [...this.addonByDir.keys()].sort((a, b) => b.length - a.length);
        for (const f of [...this.files.keys()]) if (f.startsWith(dir + path.sep)) this.deleteFacts(f);
        return;
      }
      const isNew = !this.addonByDir.has(dir);
      this.loadManifest(dir, file, text);
      if (isNew) {
        // A new addon: index the files already on disk.
        for (const f of discover([dir], this.log).files) {
          const t = readText(f, this.log);
          if (t !== undefined) this.indexFile(f, t);
        }
      }
      return;
    }
    if (base === 'release.py' && path.basename(path.dirname(file)) === 'odoo') {
      this.derived = undefined;
      for (const d of [...this.options.roots, ...this.options.addonsPaths]) this.readRelease(d);
      for (const addon of this.addonByDir.values()) addon.odooVersion = this.resolveVersion(addon);
      return;
    }
    const before = this.files.get(file);
    const pendingBefore = before && this.pendingFunctions.get(before);
    if (text === undefined || text.length > 2 * 1024 * 1024 || text.includes('\0')) this.deleteFacts(file);
    else this.indexFile(file, text, tree);
    const after = this.files.get(file);
    if (this.derived && (before || after) && !this.applyDelta(this.derived, file, before, pendingBefore?.source, after)) this.derived = undefined;
  }

  /**
   * Patches the lookup maps for one file whose facts went from `before` to `after` (either may be
   * absent), leaving them exactly as a full build() would. False when the change adds or removes
   * a model name (ir.rule/cron model references may resolve differently): then rebuild.
   */
  private applyDelta(d: Derived, file: string, before: FileFacts | undefined, beforeSource: string | undefined, after: FileFacts | undefined): boolean {
    const old = before ?? emptyFacts();
    const neu = after ?? emptyFacts();
    d.answers.clear();
    const seqOf = (f: string) => this.seq.get(f) ?? Number.MAX_SAFE_INTEGER;
    const byFile = (x: { file: string }) => x.file;

    // Models: the set of names must not change (checked before touching anything).
    const oldModels = new Set(old.classes.map((c) => c.model));
    const newModels = new Set(neu.classes.map((c) => c.model));
    for (const m of newModels) if (!d.models.has(m)) return false;
    for (const m of oldModels) {
      if (newModels.has(m)) continue;
      if ((d.classes.get(m) ?? []).every((c) => c.file === file)) return false;
    }
    const newClasses = groupBy(neu.classes, (c) => c.model);
    for (const m of new Set([...oldModels, ...newModels])) {
      const list = d.classes.get(m) ?? [];
      replaceInOrder(list, byFile, file, newClasses.get(m) ?? [], seqOf);
      const info: ModelInfo = { name: m, definitions: [], inherits: [] };
      for (const c of list) mergeClass(info, c);
      d.models.set(m, info);
    }

    // Fields (per model and name) and One2many inverses.
    const fieldKeys = new Map<string, [string, string]>();
    for (const f of [...old.fields, ...neu.fields]) fieldKeys.set(key(f.model, f.name), [f.model, f.name]);
    const newFields = groupBy(neu.fields, (f) => key(f.model, f.name));
    for (const [k, [model, name]] of fieldKeys) {
      let byName = d.fields.get(model);
      if (!byName) d.fields.set(model, (byName = new Map()));
      const list = byName.get(name) ?? [];
      replaceInOrder(list, byFile, file, newFields.get(k) ?? [], seqOf);
      if (list.length) byName.set(name, list);
      else byName.delete(name);
      if (!byName.size) d.fields.delete(model);
    }
    const inverseKey = (f: FieldInfo) => (f.type === 'One2many' && f.comodel && f.inverseName ? key(f.comodel, f.inverseName) : undefined);
    patchKeyed(d.inverses, old.fields, neu.fields, inverseKey, file, seqOf);
    patchKeyed(d.indexes, old.indexes, neu.indexes, (i) => i.model, file, seqOf);
    patchKeyed(d.created, old.created ?? [], neu.created ?? [], (c) => c.model, file, seqOf);

    // Query uses, resolved as build() does.
    const resolve = (u: FileFacts['uses'][number]): QueryUse | undefined => {
      const model = u.model ?? (u.modelRef ? d.byRef.get(u.modelRef) : undefined);
      if (!model) return undefined;
      const use: QueryUse = { model, field: u.field, kind: u.kind, file: u.file, range: u.range, addon: u.addon };
      if (u.operator !== undefined) use.operator = u.operator;
      if (u.andEq) use.andEq = u.andEq;
      return use;
    };
    const oldUses = old.uses.map(resolve).filter((u): u is QueryUse => !!u);
    const newUses = neu.uses.map(resolve).filter((u): u is QueryUse => !!u);
    patchKeyed(d.uses, oldUses, newUses, (u) => key(u.model ?? '', u.field), file, seqOf);

    // Crons: one list in file order.
    const cronJob = (c: CronFact): CronJob | undefined => {
      const model = c.model ?? (c.modelRef ? d.byRef.get(c.modelRef) : undefined);
      return model ? { model, method: c.method, id: c.id, hasArgs: c.hasArgs, file: c.file, range: c.range, addon: c.addon } : undefined;
    };
    if (old.crons?.length || neu.crons?.length) {
      replaceInOrder(d.crons, byFile, file, (neu.crons ?? []).map(cronJob).filter((c): c is CronJob => !!c), seqOf);
    }

    // Functions: extracted ones leave d.functions; pending ones leave/enter lazyFunctions.
    patchKeyed(d.functions, old.functions, neu.functions, (fn) => fn.name, file, seqOf);
    const factsFile = (facts: FileFacts) => this.pendingFunctions.get(facts)?.file ?? (facts === before ? file : '');
    if (beforeSource !== undefined && before) {
      for (const name of defNames(beforeSource)) {
        const list = d.lazyFunctions.get(name);
        if (!list) continue;
        const i = list.indexOf(before);
        if (i >= 0) list.splice(i, 1);
        if (!list.length) d.lazyFunctions.delete(name);
      }
    }
    const pendingAfter = after && this.pendingFunctions.get(after);
    if (pendingAfter && after) {
      for (const name of defNames(pendingAfter.source)) {
        const list = d.lazyFunctions.get(name) ?? [];
        replaceInOrder(list, factsFile, file, [after], seqOf);
        d.lazyFunctions.set(name, list);
      }
    }
    return true;
  }

  // ---- lookups --------------------------------------------------------------------------------

  private get d(): Derived {
    this.derived ??= this.build();
    return this.derived;
  }

  private build(): Derived {
    const d: Derived = { models: new Map(), classes: new Map(), fields: new Map(), uses: new Map(), functions: new Map(), indexes: new Map(), inverses: new Map(), crons: [], created: new Map(), lazyFunctions: new Map(), byRef: new Map(), answers: new Map() };
    for (const facts of this.files.values()) {
      for (const c of facts.classes) {
        push(d.classes, c.model, c);
        let m = d.models.get(c.model);
        if (!m) d.models.set(c.model, (m = { name: c.model, definitions: [], inherits: [] }));
        mergeClass(m, c);
      }
      for (const f of facts.fields) {
        let byName = d.fields.get(f.model);
        if (!byName) d.fields.set(f.model, (byName = new Map()));
        push(byName, f.name, f);
        if (f.type === 'One2many' && f.comodel && f.inverseName) push(d.inverses, key(f.comodel, f.inverseName), f);
      }
      for (const i of facts.indexes) push(d.indexes, i.model, i);
      for (const c of facts.created ?? []) push(d.created, c.model, c);
      for (const fn of facts.functions) push(d.functions, fn.name, fn);
      const pending = this.pendingFunctions.get(facts);
      if (pending) for (const name of defNames(pending.source)) push(d.lazyFunctions, name, facts);
    }
    // ir.rule names its model by xmlid (model_sale_order): resolve against the known models.
    const byRef = d.byRef;
    for (const name of d.models.keys()) byRef.set(`model_${name.replace(/\./g, '_')}`, name);
    for (const facts of this.files.values()) {
      for (const u of facts.uses) {
        const model = u.model ?? (u.modelRef ? byRef.get(u.modelRef) : undefined);
        if (!model) continue;
        const use: QueryUse = { model, field: u.field, kind: u.kind, file: u.file, range: u.range, addon: u.addon };
        if (u.operator !== undefined) use.operator = u.operator;
        if (u.andEq) use.andEq = u.andEq;
        push(d.uses, key(model, u.field), use);
      }
    }
    for (const facts of this.files.values()) {
      for (const c of facts.crons ?? []) {
        const model = c.model ?? (c.modelRef ? byRef.get(c.modelRef) : undefined);
        if (model) d.crons.push({ model, method: c.method, id: c.id, hasArgs: c.hasArgs, file: c.file, range: c.range, addon: c.addon });
      }
    }
    return d;
  }

  addons(): Addon[] {
    return [...this.addonByDir.values()];
  }

  addonForFile(file: string): Addon | undefined {
    // Asked once per rule per linted file: remember the answer until the set of addons changes.
    if (this.addonCacheFor !== this.addonDirsByDepth) {
      this.addonCache.clear();
      this.addonCacheFor = this.addonDirsByDepth;
    }
    if (this.addonCache.has(file)) return this.addonCache.get(file);
    const f = path.resolve(file);
    let found: Addon | undefined;
    // Deepest addon folder containing the file.
    for (const dir of this.addonDirsByDepth) {
      if (f.startsWith(dir + path.sep)) {
        found = this.addonByDir.get(dir);
        break;
      }
    }
    if (this.addonCache.size > 10000) this.addonCache.clear();
    this.addonCache.set(file, found);
    return found;
  }

  odooVersionForFile(file: string): number | undefined {
    const addon = this.addonForFile(file);
    if (addon) return addon.odooVersion;
    const any = this.releaseVersions.values().next();
    return (any.done ? undefined : any.value) ?? parseOdooMajor(this.options.odooVersion);
  }

  model(name: string): ModelInfo | undefined {
    return this.d.models.get(name);
  }

  /** Memoised answer (the returned array is shared: callers copy before changing it). */
  private answer<T extends FieldInfo[] | string[]>(k: string, compute: () => T): T {
    const d = this.d;
    let v = d.answers.get(k) as T | undefined;
    if (!v) d.answers.set(k, (v = compute()));
    return v;
  }

  /** Models whose fields `model` has through prototype inheritance (`_name` X with `_inherit` Y). */
  private ancestors(model: string): string[] {
    return this.answer(`a\0${model}`, () => this.readAncestors(model));
  }

  private readAncestors(model: string): string[] {
    const out: string[] = [];
    const queue = [model];
    const seen = new Set(queue);
    while (queue.length) {
      const m = queue.shift()!;
      for (const c of this.d.classes.get(m) ?? []) {
        for (const p of c.inherit) {
          if (!seen.has(p)) {
            seen.add(p);
            out.push(p);
            queue.push(p);
          }
        }
      }
    }
    return out;
  }

  field(model: string, field: string): FieldInfo[] {
    return this.answer(`f\0${model}\0${field}`, () => {
      const out: FieldInfo[] = [];
      for (const m of [model, ...this.ancestors(model)]) out.push(...(this.d.fields.get(m)?.get(field) ?? []));
      return out;
    });
  }

  fieldsOfModel(model: string): FieldInfo[] {
    return this.answer(`m\0${model}`, () => {
      const out: FieldInfo[] = [];
      for (const m of [model, ...this.ancestors(model)]) for (const list of this.d.fields.get(m)?.values() ?? []) out.push(...list);
      return out;
    });
  }

  queryUses(model: string, field: string): QueryUse[] {
    return this.d.uses.get(key(model, field)) ?? [];
  }

  declaredIndexes(model: string): DeclaredIndex[] {
    return this.d.indexes.get(model) ?? [];
  }

  inverseOf(model: string, field: string): FieldInfo[] {
    return this.d.inverses.get(key(model, field)) ?? [];
  }

  cronJobs(): CronJob[] {
    return this.d.crons;
  }

  createdIn(model: string): CreateFact[] {
    return this.d.created.get(model) ?? [];
  }

  ancestorsOf(model: string): string[] {
    return this.ancestors(model);
  }

  functionsNamed(name: string): FunctionFact[] {
    const d = this.d;
    const pending = d.lazyFunctions.get(name);
    if (pending) {
      d.lazyFunctions.delete(name);
      for (const facts of pending) this.extractPendingFunctions(facts, d);
    }
    return d.functions.get(name) ?? [];
  }

  private extractPendingFunctions(facts: FileFacts, d: Derived): void {
    const pending = this.pendingFunctions.get(facts);
    if (!pending) return; // already extracted for another name
    this.pendingFunctions.delete(facts);
    try {
      const tree = parsePython(pending.source);
      try {
        facts.functions = extractFunctions(tree, pending.file);
      } finally {
        tree.delete();
      }
    } catch (e) {
      this.log(`could not index the functions of ${pending.file}: ${(e as Error).message}`);
    }
    // In file order, as a full build() would list them (callers may take the first match).
    const seqOf = (f: string) => this.seq.get(f) ?? Number.MAX_SAFE_INTEGER;
    for (const [name, fns] of groupBy(facts.functions, (fn) => fn.name)) {
      const list = d.functions.get(name) ?? [];
      replaceInOrder(list, (fn) => fn.file, pending.file, fns, seqOf);
      d.functions.set(name, list);
    }
  }
}

/** One file's part of a shared scan: its facts (none when skipped), source, log lines. */
export interface SharedFacts {
  facts?: FileFacts;
  /** The Python source, kept for the lazy function facts. */
  source?: string;
  logs: string[];
}

/** How a scan is split between threads (see Workspace.scanShared). */
export interface ScanShare {
  index: number;
  count: number;
  /** Sends this thread's facts, resolves with every thread's (plain data: structured-cloneable). */
  exchange(mine: Map<string, SharedFacts>): Promise<Map<string, SharedFacts>>;
}

/** Names of the functions a source may define (a superset: a text search). */
function defNames(source: string): Set<string> {
  return new Set(Array.from(source.matchAll(DEF_NAME), (m) => m[1]));
}

/** Patches a map of file-ordered lists for one file: its old entries out, its new ones in. */
function patchKeyed<K, V extends { file: string }>(map: Map<K, V[]>, old: V[], neu: V[], keyOf: (v: V) => K | undefined, file: string, seqOf: (f: string) => number): void {
  const keys = new Set<K>();
  for (const v of [...old, ...neu]) {
    const k = keyOf(v);
    if (k !== undefined) keys.add(k);
  }
  const added = groupBy(neu, keyOf);
  for (const k of keys) {
    const list = map.get(k) ?? [];
    replaceInOrder(list, (v) => v.file, file, added.get(k) ?? [], seqOf);
    if (list.length) map.set(k, list);
    else map.delete(k);
  }
}
