// A minimal LSP client for protocol tests: spawns the bundled server (`node dist/server.js
// --stdio`), answers the requests a real editor answers (workspace/configuration, capability
// registration, progress tokens) and records what the server sends. Every wait has a deadline
// and stop() always kills the child, so a broken server fails the test instead of hanging it.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type {
  ConfigurationParams,
  InitializeResult,
  PublishDiagnosticsParams,
  Registration,
  RegistrationParams,
  ShowMessageParams,
  TextDocumentContentChangeEvent,
  WorkDoneProgressCreateParams,
} from 'vscode-languageserver-protocol';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const SERVER = path.join(ROOT, 'dist', 'server.js');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');

export function uriOf(file: string): string {
  return pathToFileURL(file).href;
}

export async function waitUntil<T>(what: string, check: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export class LspHarness {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  readonly shown: ShowMessageParams[] = [];
  readonly logs: string[] = [];
  readonly registrations: Registration[] = [];
  readonly progress: { token: string | number; value: { kind: string; percentage?: number; title?: string } }[] = [];
  readonly progressTokens: (string | number)[] = [];
  stderr = '';
  /** What workspace/configuration answers for `odooPerf` (per scope URI). */
  config: (scopeUri: string | undefined) => unknown = () => ({});
  initializeResult!: InitializeResult;
  private versions = new Map<string, number>();

  private constructor(
    readonly child: ChildProcessWithoutNullStreams,
    readonly connection: ProtocolConnection,
  ) {}

  static async start(folders: string[]): Promise<LspHarness> {
    if (!fs.existsSync(SERVER)) throw new Error(`${SERVER} is missing: run \`npm run build\` first`);
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: 'pipe' });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const h = new LspHarness(child, connection);
    child.stderr.on('data', (d: Buffer) => (h.stderr += d.toString()));
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      const list = h.diagnostics.get(p.uri) ?? [];
      list.push(p);
      h.diagnostics.set(p.uri, list);
    });
    connection.onNotification('window/showMessage', (p: ShowMessageParams) => {
      h.shown.push(p);
    });
    connection.onNotification('window/logMessage', (p: { message: string }) => {
      h.logs.push(p.message);
    });
    connection.onNotification('$/progress', (p: { token: string | number; value: { kind: string } }) => {
      h.progress.push(p);
    });
    connection.onRequest('window/workDoneProgress/create', (p: WorkDoneProgressCreateParams) => {
      h.progressTokens.push(p.token);
      return null;
    });
    connection.onRequest('client/registerCapability', (p: RegistrationParams) => {
      h.registrations.push(...p.registrations);
      return null;
    });
    connection.onRequest('client/unregisterCapability', () => null);
    connection.onRequest('workspace/configuration', (p: ConfigurationParams) =>
      p.items.map((item) => (item.section === 'odooPerf' ? h.config(item.scopeUri) : null)),
    );
    connection.listen();
    const init = connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: folders.map((f) => ({ uri: uriOf(f), name: path.basename(f) })),
      capabilities: {
        workspace: {
          configuration: true,
          workspaceFolders: true,
          didChangeConfiguration: { dynamicRegistration: true },
          didChangeWatchedFiles: { dynamicRegistration: true },
        },
        window: { workDoneProgress: true, showMessage: {} },
        textDocument: {
          synchronization: { dynamicRegistration: false },
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        },
      },
    }) as Promise<InitializeResult>;
    let timer: NodeJS.Timeout | undefined;
    try {
      h.initializeResult = await Promise.race([
        init,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`initialize timed out; stderr: ${h.stderr}`)), 10000);
        }),
      ]);
    } catch (e) {
      await h.stop();
      throw e;
    } finally {
      clearTimeout(timer);
    }
    await connection.sendNotification('initialized', {});
    return h;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async open(uri: string, text: string, languageId = 'python'): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Sends a didChange; returns the new version. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** How many publishes for `uri` have been seen so far (pass to nextDiagnostics). */
  mark(uri: string): number {
    return this.diagnostics.get(uri)?.length ?? 0;
  }

  /** The first publish for `uri` after `mark` that satisfies `accept`. */
  nextDiagnostics(uri: string, mark = 0, accept: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 5000): Promise<PublishDiagnosticsParams> {
    return waitUntil(`diagnostics for ${uri}`, () => this.diagnostics.get(uri)?.slice(mark).find(accept), timeoutMs);
  }

  /** The publish for a given document version. */
  diagnosticsFor(uri: string, version: number, timeoutMs = 5000): Promise<PublishDiagnosticsParams> {
    return this.nextDiagnostics(uri, 0, (p) => p.version === version, timeoutMs);
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => {
      if (!this.alive) resolve();
      else this.child.once('exit', () => resolve());
    });
    try {
      if (this.alive) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => (timer = setTimeout(r, 2000)))]);
        clearTimeout(timer);
        await this.connection.sendNotification('exit');
      }
    } catch {
      // The server may already be gone; the kill below settles it.
    }
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(killer);
    this.connection.dispose();
  }
}
