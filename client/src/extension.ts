// The VS Code side: starts the bundled language server (dist/server.js) over IPC and hands it the
// Python documents. Everything that understands code lives in the server. Activation is on
// `workspaceContains:**/__manifest__.py` (package.json), i.e. only in workspaces with an Odoo addon.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerAudit } from './audit/command';

/** What activate() returns; extension tests reach the running client through it. */
export interface OdooPerfApi {
  client: LanguageClient;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<OdooPerfApi> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const outputChannel = vscode.window.createOutputChannel('Odoo Perf', { log: true });
  context.subscriptions.push(outputChannel);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'python' },
      { scheme: 'untitled', language: 'python' },
      // Deployment files for the audit's diagnostics (server/src/lsp/audit.ts), whatever
      // language VS Code gives them (yaml, ini, properties, plaintext).
      { scheme: 'file', pattern: '**/{docker-compose,compose}*.{yml,yaml}' },
      { scheme: 'file', pattern: '**/*.compose.{yml,yaml}' },
      { scheme: 'file', pattern: '**/*.conf' },
      { scheme: 'file', pattern: '**/.odoorc' },
    ],
    // The server pulls odooPerf.* per workspace folder; this makes VS Code tell it when to re-pull.
    synchronize: { configurationSection: 'odooPerf' },
    outputChannel,
  };
  // The id matches the `odooPerf.trace.server` setting.
  client = new LanguageClient('odooPerf', 'Odoo Perf', serverOptions, clientOptions);
  registerAudit(context, () => client);
  try {
    await client.start();
  } catch (e) {
    outputChannel.appendLine(`Odoo Perf: the language server did not start: ${e instanceof Error ? e.message : String(e)}`);
    void vscode.window.showErrorMessage('Odoo Perf: the language server did not start; see the "Odoo Perf" output.');
  }
  return { client };
}

export async function deactivate(): Promise<void> {
  const running = client;
  client = undefined;
  await running?.stop();
}
