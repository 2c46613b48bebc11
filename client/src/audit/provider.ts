// Virtual documents of the audit (scheme `odoo-perf-tuned`): the Markdown report and, per tuned
// file, the current and the tuned text with secrets masked by the server. Read-only; nothing
// here is ever written to disk.
import * as vscode from 'vscode';

export const SCHEME = 'odoo-perf-tuned';

export class TunedContentProvider implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** Stores a text under a virtual path (e.g. `/config/odoo.conf`) and side; returns its URI. */
  set(path: string, side: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: SCHEME, path: path.startsWith('/') ? path : `/${path}`, query: side });
    const key = uri.toString();
    const had = this.texts.has(key);
    this.texts.set(key, text);
    if (had) this.changed.fire(uri); // an open preview of a previous audit follows the new one
    return uri;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
