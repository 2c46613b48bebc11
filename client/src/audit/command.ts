// "Odoo Perf: Audit Deployment": asks the server (`odooPerf/audit`), asks for a host target when
// the compose file has no limits, then shows the Markdown report and one diff per tuned file, and
// offers to apply. All texts come masked from the server; this side knows only LSP and vscode.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { AuditParams, AuditResponse } from '../../../server/src/lsp/auditProtocol';
import { applyTuned } from './apply';
import { askTarget, type Target } from './prompt';
import { TunedContentProvider, SCHEME } from './provider';

export const AUDIT_COMMAND = 'odooPerf.auditDeployment';
export const APPLY_COMMAND = 'odooPerf.applyTunedConfiguration';

/** Arguments for scripted use (tests): a target, and no quick picks / notifications. */
export interface AuditArgs {
  target?: Target;
  skipPrompts?: boolean;
}

/** What the command resolves to (for tests and other extensions). */
export interface AuditOutcome {
  report?: string;
  diffs: { file: string; left: string; right: string }[];
  findings: number;
  tuned: boolean;
}

export function registerAudit(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  const provider = new TunedContentProvider();
  let last: AuditResponse | undefined;
  context.subscriptions.push(provider, vscode.workspace.registerTextDocumentContentProvider(SCHEME, provider));

  const request = async (params: AuditParams): Promise<AuditResponse> => {
    const c = client();
    if (!c?.isRunning()) throw new Error('the Odoo Perf language server is not running');
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Odoo Perf: auditing the deployment…' },
      () => c.sendRequest<AuditResponse>('odooPerf/audit', params),
    );
  };

  const audit = async (args: AuditArgs = {}): Promise<AuditOutcome | undefined> => {
    let result = await request(args.target ? { target: args.target } : {});
    if (result.needsTarget && !args.skipPrompts) {
      const target = await askTarget(result.tunedReason);
      if (target) result = await request({ target });
    }
    last = result;
    const outcome: AuditOutcome = { diffs: [], findings: result.findings.length, tuned: !!result.tuned };
    const report = provider.set('/Odoo Perf deployment audit.md', 'report', result.report);
    outcome.report = report.toString();
    await showReport(report);
    for (const [file, doc] of Object.entries(result.tunedDocuments)) {
      const left = provider.set(`/${doc.label}`, 'current', doc.current);
      const right = provider.set(`/${doc.label}`, 'tuned', doc.tuned);
      await vscode.commands.executeCommand('vscode.diff', left, right, `${doc.label} ↔ tuned (Odoo Perf)`, { preview: false });
      outcome.diffs.push({ file, left: left.toString(), right: right.toString() });
    }
    if (!args.skipPrompts) void offer(result);
    return outcome;
  };

  const offer = async (result: AuditResponse) => {
    const summary = `Odoo Perf: ${result.findings.length} deployment finding(s).`;
    if (!result.tuned || !Object.keys(result.tunedDocuments).length) {
      void vscode.window.showInformationMessage(`${summary} ${result.tuned ? 'The configuration already matches the target.' : `No tuned configuration: ${result.tunedReason ?? ''}`}`);
      return;
    }
    const pick = await vscode.window.showInformationMessage(`${summary} A tuned configuration is ready (see the diff).`, 'Apply tuned configuration');
    if (pick) await vscode.commands.executeCommand(APPLY_COMMAND);
  };

  const apply = async (options: { skipConfirm?: boolean } = {}): Promise<string> => {
    if (!last) {
      void vscode.window.showWarningMessage('Odoo Perf: run "Audit Deployment" first.');
      return 'nothing';
    }
    const target = last.tuned?.target;
    const outcome = await applyTuned(last, options);
    if (outcome === 'stale') {
      void vscode.window.showWarningMessage('Odoo Perf: the files changed since the audit; auditing again.');
      await audit(target ? { target: { cpus: target.cpus, ramGb: target.ramMiB / 1024, ...(target.concurrentUsers ? { concurrentUsers: target.concurrentUsers } : {}) } } : {});
    } else if (outcome === 'applied') {
      void vscode.window.showInformationMessage('Odoo Perf: tuned configuration applied; review and save the files.');
    } else if (outcome === 'failed') {
      void vscode.window.showErrorMessage('Odoo Perf: the editor refused the edit.');
    }
    return outcome;
  };

  const guarded = <A extends unknown[], R>(fn: (...a: A) => Promise<R>) => async (...a: A): Promise<R | undefined> => {
    try {
      return await fn(...a);
    } catch (e) {
      void vscode.window.showErrorMessage(`Odoo Perf: the audit failed: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  };
  context.subscriptions.push(
    vscode.commands.registerCommand(AUDIT_COMMAND, guarded((args?: AuditArgs) => audit(args ?? {}))),
    vscode.commands.registerCommand(APPLY_COMMAND, guarded((options?: { skipConfirm?: boolean }) => apply(options ?? {}))),
  );
}

async function showReport(uri: vscode.Uri): Promise<void> {
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    // No Markdown preview (a stripped-down editor): the source is readable too.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
  }
}
