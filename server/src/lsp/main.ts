// The odoo-perf language server: wiring only. Documents and incremental parsing live in
// ../parse/documents.ts, debounced validation in validation.ts, settings in settings.ts, the
// Finding -> Diagnostic mapping in convert.ts, file watching in watch.ts, progress in progress.ts.
// Started by the VS Code client over IPC, or by any LSP client with --stdio.
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentContentChangeEvent,
  TextDocumentSyncKind,
  createConnection,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { scanWorkspace } from '../odoo/index';
import type { MutableWorkspace } from '../odoo/workspace';
import { ParsedDocuments } from '../parse/documents';
import { initParser } from '../parse/parser';
import { FIX_ALL_KIND, provideCodeActions } from './codeActions';
import { provideHover } from './hover';
import { beginProgress } from './progress';
import { SettingsStore, uriToPath, type Folder } from './settings';
import { Validator, isPython } from './validation';
import { DeployAuditor, isDeployDocument, isDeployOnlyFile } from './audit';
import { AUDIT_REQUEST, type AuditParams } from './auditProtocol';
import { WATCH_GLOBS, isPyproject, readModelText, registerWatchers, toChanges, type WatchedChange } from './watch';

const connection = createConnection(ProposedFeatures.all);

function describe(e: unknown): string {
  return e instanceof Error ? e.stack ?? e.message : String(e);
}

function log(message: string): void {
  try {
    connection.console.log(message);
  } catch {
    // The connection may already be gone while shutting down.
  }
}

// A bug anywhere must cost one file's diagnostics, never the server.
process.on('uncaughtException', (e) => log(`odoo-perf: uncaught ${describe(e)}`));
process.on('unhandledRejection', (e) => log(`odoo-perf: unhandled rejection ${describe(e)}`));

/** Wraps a handler so a throw (or rejection) is logged and answered with `fallback`. */
function guard<A extends unknown[], R>(name: string, fallback: R, fn: (...args: A) => R | Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } catch (e) {
      log(`odoo-perf: ${name} failed: ${describe(e)}`);
      return fallback;
    }
  };
}

// ---- documents: keep the tree in step with every incremental change --------------------------

const parsed = new ParsedDocuments();

function applyChanges(document: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
  // Changes apply in order, each against the text left by the previous one; so does tree.edit().
  for (const change of changes) {
    try {
      if (TextDocumentContentChangeEvent.isIncremental(change)) {
        const start = document.offsetAt(change.range.start);
        const end = document.offsetAt(change.range.end);
        parsed.edit(document.uri, document.getText(), start, end, change.text);
      } else {
        parsed.replaceAll(document.uri);
      }
    } catch (e) {
      parsed.replaceAll(document.uri);
      log(`odoo-perf: incremental edit failed, re-parsing ${document.uri} in full: ${describe(e)}`);
    }
    TextDocument.update(document, [change], version);
  }
  return document;
}

const documents = new TextDocuments<TextDocument>({
  create(uri, languageId, version, content) {
    parsed.open(uri);
    return TextDocument.create(uri, languageId, version, content);
  },
  update: applyChanges,
});

// ---- workspace model, settings, validation ----------------------------------------------------

let model: MutableWorkspace | undefined;
let canPullConfiguration = false;
let canRegisterConfiguration = false;
let canWatchFiles = false;
let canWatchFolders = false;
const settings = new SettingsStore(connection, () => canPullConfiguration, log);
const validator = new Validator({ connection, documents, parsed, settings, workspace: () => model, log });
const auditor = new DeployAuditor({ connection, documents, settings, addons: () => model?.addons() ?? [], log });

/** Watched-file changes that arrive during a scan, replayed on the model it produces. */
let scanning = false;
const changedDuringScan: WatchedChange[] = [];
let scanGeneration = 0;
let lastScanKey: string | undefined;
const SCAN_START_DELAY_MS = validator.delayMs + 50;
const WATCH_RELINT_DELAY_MS = 300;

function foldersFrom(params: { workspaceFolders?: WorkspaceFolder[] | null; rootUri?: string | null }): Folder[] {
  const folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : []);
  const out: Folder[] = [];
  for (const folder of folders) {
    const p = uriToPath(folder.uri);
    if (p) out.push({ uri: folder.uri, path: p });
  }
  return out;
}

async function applyToModel(target: MutableWorkspace, change: WatchedChange): Promise<void> {
  // An open buffer is the truth for its file: the validator gives it to the model on edits.
  if (documents.get(change.uri)) return;
  const text = change.deleted ? undefined : await readModelText(change.file);
  try {
    target.updateFile(change.file, text);
  } catch (e) {
    log(`odoo-perf: updating the workspace model for ${change.file} failed: ${describe(e)}`);
  }
}

async function scan(): Promise<void> {
  const generation = ++scanGeneration;
  const inputs = settings.scanInputs();
  lastScanKey = JSON.stringify(inputs);
  scanning = true;
  const progress = await beginProgress(connection, 'Odoo Perf: indexing addons', log);
  const started = Date.now();
  try {
    const next = await scanWorkspace({
      roots: inputs.roots,
      addonsPaths: inputs.addonsPaths,
      odooVersion: inputs.odooVersion || undefined,
      onProgress: (done, total) => progress.report(done, total),
      log,
    });
    if (generation !== scanGeneration) return; // a newer scan (settings changed) supersedes this one
    for (const change of changedDuringScan.splice(0)) await applyToModel(next, change);
    model = next;
    validator.modelReplaced();
    log(`odoo-perf: indexed ${next.addons().length} addon(s) in ${Date.now() - started} ms`);
    validator.scheduleAll(0);
    auditor.schedule(0); // the addons' depends (queue_job) are known now
  } catch (e) {
    log(`odoo-perf: workspace scan failed: ${describe(e)}`);
  } finally {
    progress.done();
    if (generation === scanGeneration) scanning = false;
  }
}

/** Rescans when what the scan reads (folders, addons paths, Odoo version) changed. */
function rescanIfNeeded(): void {
  if (JSON.stringify(settings.scanInputs()) !== lastScanKey) void scan();
}

async function settingsChanged(): Promise<void> {
  await settings.reload();
  rescanIfNeeded();
  validator.scheduleAll();
  auditor.schedule();
}

// ---- LSP handlers ------------------------------------------------------------------------------

connection.onInitialize(
  async (params: InitializeParams): Promise<InitializeResult> => {
    const caps = params.capabilities;
    canPullConfiguration = !!caps.workspace?.configuration;
    canRegisterConfiguration = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
    canWatchFiles = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    canWatchFolders = !!caps.workspace?.workspaceFolders;
    settings.setFolders(foldersFrom(params));
    await initParser();
    try {
      // An empty model until the first scan lands: open files are linted at once with it.
      model = await scanWorkspace({ roots: [], addonsPaths: [] });
    } catch (e) {
      log(`odoo-perf: could not create the initial workspace model: ${describe(e)}`);
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'odoo-perf' },
    };
  },
);

connection.onInitialized(
  guard('initialized', undefined, async () => {
    if (canRegisterConfiguration) {
      connection.client.register(DidChangeConfigurationNotification.type, { section: 'odooPerf' }).catch((e) => log(`odoo-perf: ${describe(e)}`));
    }
    if (canWatchFiles) void registerWatchers(connection, log);
    else log(`odoo-perf: the client cannot watch ${WATCH_GLOBS.join(', ')}; the model follows open files only`);
    if (canWatchFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(
        guard('workspace folders change', undefined, async (event) => {
          const removed = new Set(event.removed.map((f) => f.uri));
          const kept = settings.getFolders().filter((f) => !removed.has(f.uri));
          settings.setFolders([...kept, ...foldersFrom({ workspaceFolders: event.added })]);
          await settingsChanged();
        }),
      );
    }
    await settings.reload();
    validator.scheduleAll(0);
    // Let the files opened with the window be linted before the scan takes the event loop.
    setTimeout(() => void scan(), SCAN_START_DELAY_MS);
  }),
);

connection.onDidChangeConfiguration(
  guard('configuration change', undefined, async (params) => {
    settings.setPushed(params.settings);
    await settingsChanged();
  }),
);

connection.onDidChangeWatchedFiles(
  guard('watched files', undefined, async (params) => {
    const all = toChanges(params.changes);
    auditor.filesChanged(all.map((c) => c.file));
    // compose files, *.conf, Dockerfiles: only the audit reads them.
    const changes = all.filter((c) => !isDeployOnlyFile(c.file));
    if (!changes.length) return;
    let pyproject = false;
    for (const change of changes) {
      if (isPyproject(change.file)) {
        pyproject = true;
        continue;
      }
      if (scanning) changedDuringScan.push(change);
      if (model) await applyToModel(model, change);
    }
    if (pyproject) await settingsChanged();
    else validator.scheduleAll(WATCH_RELINT_DELAY_MS);
  }),
);

documents.onDidOpen(
  guard('open', undefined, (event) => {
    validator.opened(event.document.uri, event.document.version);
  }),
);

documents.onDidChangeContent(
  guard('change', undefined, (event) => {
    if (isPython(event.document)) validator.schedule(event.document.uri);
    else if (isDeployDocument(event.document.uri)) auditor.schedule();
  }),
);

documents.onDidClose(
  guard('close', undefined, async (event) => {
    const { uri } = event.document;
    parsed.close(uri);
    const { hadBufferInModel } = validator.closed(uri);
    auditor.closed(uri);
    const file = uriToPath(uri);
    if (hadBufferInModel && file && model) {
      // Unsaved edits die with the buffer: the model goes back to what is on disk.
      await applyToModel(model, { file, uri, deleted: false });
      validator.scheduleAll();
    }
  }),
);

connection.onCodeAction(
  guard('code actions', [], (params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? provideCodeActions(document, params, { ...hoverHost, log }) : [];
  }),
);

const hoverHost = {
  parsed,
  workspace: () => model,
  settingsFor: (file: string | undefined) => settings.forFile(file),
  roots: () => settings.getFolders().map((f) => f.path),
};

connection.onHover(
  guard('hover', null, (params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? provideHover(document, params, hoverHost) : null;
  }),
);

connection.onRequest(AUDIT_REQUEST, async (params: AuditParams | undefined) => {
  try {
    return await auditor.request(params ?? {});
  } catch (e) {
    log(`odoo-perf: ${AUDIT_REQUEST} failed: ${describe(e)}`);
    throw e;
  }
});

connection.onShutdown(() => {
  auditor.dispose();
  validator.dispose();
  parsed.dispose();
});

documents.listen(connection);
connection.listen();
