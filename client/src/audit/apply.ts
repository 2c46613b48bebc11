// "Apply tuned configuration": the server's edits (LSP TextEdits against the text it audited)
// as one WorkspaceEdit, after a modal confirmation. The edits never touch a secret line. When a
// file changed since the audit (its text no longer hashes to what the server read), nothing is
// applied: the caller re-audits instead.
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { AuditResponse } from '../../../server/src/lsp/auditProtocol';

export type ApplyOutcome = 'applied' | 'cancelled' | 'stale' | 'nothing' | 'failed';

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export async function applyTuned(result: AuditResponse, options: { skipConfirm?: boolean } = {}): Promise<ApplyOutcome> {
  const files = result.tuned?.files.filter((f) => result.tunedDocuments[f.file]) ?? [];
  if (!files.length) return 'nothing';
  const labels = files.map((f) => result.tunedDocuments[f.file].label);
  if (!options.skipConfirm) {
    const ok = await vscode.window.showWarningMessage(
      `Apply the tuned configuration to ${labels.join(', ')}?`,
      { modal: true, detail: `${result.tuned!.values.length} value(s) change; comments, order and secrets stay as they are. The files are left unsaved for review.` },
      'Apply',
    );
    if (ok !== 'Apply') return 'cancelled';
  }
  const edit = new vscode.WorkspaceEdit();
  for (const f of files) {
    const info = result.tunedDocuments[f.file];
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(info.uri));
    // The edits' ranges are positions in the audited text: any change since makes them wrong.
    if (sha256(doc.getText()) !== info.sha256 || (info.version !== undefined && doc.version !== info.version)) return 'stale';
    for (const e of f.edits) {
      const range = new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character);
      edit.replace(doc.uri, range, e.newText);
    }
  }
  return (await vscode.workspace.applyEdit(edit)) ? 'applied' : 'failed';
}
