// Debounced, cancellable validation of open documents. Each edit restarts the document's timer;
// the version is checked again before publishing, so a result computed for stale text is dropped
// (the newer edit has its own run queued).
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { MutableWorkspace } from '../odoo/workspace';
import type { ParsedDocuments } from '../parse/documents';
import type { Tree } from '../parse/parser';
import { lintFile } from '../rules/engine';
import { toDiagnostic } from './convert';
import { uriToPath, type SettingsStore } from './settings';

/** Files this big are generated or data, not addon code; parsing them on keystrokes is not worth it. */
export const MAX_BYTES = 2 * 1024 * 1024;
// ODOO_PERF_DEBOUNCE_MS overrides it (the benchmark sets 0 to time the lint itself, not the wait).
export const DEFAULT_DELAY_MS = debounceFromEnv(process.env.ODOO_PERF_DEBOUNCE_MS) ?? 150;

function debounceFromEnv(value: string | undefined): number | undefined {
  const n = value === undefined || value === '' ? NaN : Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}
/** Other open files are re-checked a little later than the edited one (cross-file rules). */
const CROSS_FILE_DELAY_MS = 400;
const SLOW_LINT_MS = 1000;

export interface ValidationHost {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  parsed: ParsedDocuments;
  settings: SettingsStore;
  /** The current workspace model (an empty one until the first scan completes). */
  workspace(): MutableWorkspace | undefined;
  log(message: string): void;
}

export function isPython(document: TextDocument): boolean {
  return document.languageId === 'python' || /\.pyi?$/i.test(document.uri);
}

/** Why a document is not linted, or undefined when it is. */
export function skipReason(text: string): string | undefined {
  if (text.length > MAX_BYTES / 4 && Buffer.byteLength(text, 'utf8') > MAX_BYTES) return `larger than ${MAX_BYTES / 1024 / 1024} MB`;
  if (text.includes('\0')) return 'contains NUL bytes (binary?)';
  return undefined;
}

type Pending = { timeout: NodeJS.Timeout } | { immediate: NodeJS.Immediate };

function cancel(pending: Pending | undefined): void {
  if (!pending) return;
  if ('timeout' in pending) clearTimeout(pending.timeout);
  else clearImmediate(pending.immediate);
}

export class Validator {
  /** Pending runs: a timer, or an immediate when the delay is 0 (see schedule). */
  private readonly timers = new Map<string, Pending>();
  /** Version each document had when opened: until it differs, the model already has that text. */
  private readonly openedAt = new Map<string, number>();
  /** Version of the buffer last given to the workspace model. */
  private readonly modelVersion = new Map<string, number>();
  private readonly skipped = new Map<string, string>();

  constructor(private readonly host: ValidationHost, readonly delayMs = DEFAULT_DELAY_MS) {}

  opened(uri: string, version: number): void {
    this.openedAt.set(uri, version);
  }

  schedule(uri: string, delay = this.delayMs): void {
    cancel(this.timers.get(uri));
    const fire = () => {
      this.timers.delete(uri);
      void this.run(uri);
    };
    // setTimeout(fn, 0) waits at least 1 ms (Node clamps it) plus a turn of the timers phase; with
    // no debounce (ODOO_PERF_DEBOUNCE_MS=0, the first lint after a scan) that was ~1 ms of pure
    // wait on every edit, about 5% of a 400-line file's latency. setImmediate runs right after the
    // pending I/O, so edits already queued on stdin still supersede the run (version check in run).
    this.timers.set(uri, delay > 0 ? { timeout: setTimeout(fire, delay) } : { immediate: setImmediate(fire) });
  }

  scheduleAll(delay = this.delayMs, except?: string): void {
    for (const document of this.host.documents.all()) if (document.uri !== except) this.schedule(document.uri, delay);
  }

  /** The document was closed: drop pending work and clear its diagnostics. */
  closed(uri: string): { hadBufferInModel: boolean } {
    cancel(this.timers.get(uri));
    this.timers.delete(uri);
    const hadBufferInModel = this.modelVersion.has(uri);
    this.openedAt.delete(uri);
    this.modelVersion.delete(uri);
    this.skipped.delete(uri);
    this.host.connection.sendDiagnostics({ uri, diagnostics: [] });
    return { hadBufferInModel };
  }

  /** A new model replaced the old one: edited buffers must be given to it again on the next run. */
  modelReplaced(): void {
    this.modelVersion.clear();
  }

  dispose(): void {
    for (const pending of this.timers.values()) cancel(pending);
    this.timers.clear();
  }

  private current(uri: string, version: number): TextDocument | undefined {
    const document = this.host.documents.get(uri);
    return document && document.version === version ? document : undefined;
  }

  async run(uri: string): Promise<void> {
    const { host } = this;
    try {
      const document = host.documents.get(uri);
      if (!document || !isPython(document)) return;
      const version = document.version;
      await host.settings.ready();
      if (!this.current(uri, version)) return;

      const text = document.getText();
      const reason = skipReason(text);
      if (reason) {
        if (this.skipped.get(uri) !== reason) host.log(`odoo-perf: skipped ${uri}: ${reason}`);
        this.skipped.set(uri, reason);
        host.parsed.replaceAll(uri);
        host.connection.sendDiagnostics({ uri, version, diagnostics: [] });
        return;
      }
      this.skipped.delete(uri);

      const file = uriToPath(uri) ?? uri;
      const workspace = host.workspace();
      if (!workspace) return; // no model could be built yet; the scan re-lints when it lands
      // Parsed once: the model indexes this buffer from the same tree the rules then check (and the
      // per-tree fact memos the index fills are reused by OP201/OP202/OP111).
      const tree = host.parsed.tree(uri, text, version);
      const crossFile = this.updateModel(workspace, uri, file, text, version, tree);
      const started = Date.now();
      const findings = lintFile({
        file,
        source: text,
        tree,
        workspace,
        settings: host.settings.forFile(file),
        onRuleError: (rule, error) =>
          host.log(`odoo-perf: rule ${rule.meta.code} ${rule.meta.name} failed on ${uri}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`),
      });
      const elapsed = Date.now() - started;
      if (elapsed > SLOW_LINT_MS) host.log(`odoo-perf: linting ${uri} took ${elapsed} ms`);
      if (!this.current(uri, version)) return;
      host.connection.sendDiagnostics({ uri, version, diagnostics: findings.map(toDiagnostic) });
      if (crossFile) this.scheduleAll(CROSS_FILE_DELAY_MS, uri);
    } catch (e) {
      host.log(`odoo-perf: validating ${uri} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    }
  }

  /** Gives an edited buffer to the model so cross-file rules see unsaved changes. True when it did. */
  private updateModel(workspace: MutableWorkspace, uri: string, file: string, text: string, version: number, tree?: Tree): boolean {
    if (file === uri) return false; // no path (untitled): not part of any addon
    if (this.openedAt.get(uri) === version || this.modelVersion.get(uri) === version) return false;
    try {
      workspace.updateFile(file, text, tree);
      this.modelVersion.set(uri, version);
      return true;
    } catch (e) {
      this.host.log(`odoo-perf: updating the workspace model for ${file} failed: ${String(e)}`);
      return false;
    }
  }
}
