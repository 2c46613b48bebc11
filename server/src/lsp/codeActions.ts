// Code actions: the quick fixes of server/src/fixes/ (shared with `odoo-perf lint --fix`) as LSP
// quickfix actions tied to their diagnostics, and the `source.fixAll.odooPerf` source action that
// applies every safe fix of the file. Fixes are computed here, on request, never while linting.
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Settings } from '../config';
import { fixAll } from '../fixes/fixAll';
import { fixesFor } from '../fixes/index';
import type { Fix, FixContext } from '../fixes/types';
import type { WorkspaceModel } from '../odoo/workspace';
import type { ParsedDocuments } from '../parse/documents';
import { lintFile } from '../rules/engine';
import type { Finding, Range } from '../rules/types';
import { fileToUri, SOURCE, toDiagnostic } from './convert';
import { uriToPath } from './settings';
import { isPython, skipReason } from './validation';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.odooPerf`;

export interface CodeActionHost {
  parsed: ParsedDocuments;
  workspace(): WorkspaceModel | undefined;
  settingsFor(file: string | undefined): Settings;
  log?(message: string): void;
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function intersects(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/** Whether the client asked for kind `kind` (no `only` = every quick fix, no source actions). */
function wanted(only: string[] | undefined, kind: string, isSource: boolean): boolean {
  if (!only?.length) return !isSource;
  return only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

function workspaceEdit(fix: Fix): WorkspaceEdit {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const e of fix.edits) (changes[fileToUri(e.file)] ??= []).push({ range: e.range, newText: e.newText });
  return { changes };
}

/** One edit covering only what changed between two texts (keeps the editor's cursor and folds). */
function minimalEdit(document: TextDocument, before: string, after: string): LspTextEdit {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before[endB - 1] === after[endA - 1]) {
    endB--;
    endA--;
  }
  return { range: { start: document.positionAt(start), end: document.positionAt(endB) }, newText: after.slice(start, endA) };
}

export function provideCodeActions(document: TextDocument, params: CodeActionParams, host?: CodeActionHost): CodeAction[] {
  const workspace = host?.workspace();
  if (!host || !workspace || !isPython(document)) return [];
  const text = document.getText();
  if (skipReason(text)) return [];
  const only = params.context.only;
  const wantQuick = wanted(only, CodeActionKind.QuickFix, false);
  const wantAll = wanted(only, FIX_ALL_KIND, true);
  if (!wantQuick && !wantAll) return [];

  const file = uriToPath(document.uri) ?? document.uri;
  const settings = host.settingsFor(file);
  const tree = host.parsed.tree(document.uri, text, document.version);
  const actions: CodeAction[] = [];

  if (wantQuick) {
    const findings = lintFile({ file, source: text, tree, workspace, settings });
    const ours = params.context.diagnostics.filter((d) => d.source === SOURCE);
    // The client's diagnostics say which findings the user is looking at; a client that sends
    // none gets the fixes of every finding under the requested range.
    const picked: { finding: Finding; diagnostic: Diagnostic }[] = [];
    for (const finding of findings) {
      const d = ours.find((x) => x.code === finding.code && sameRange(x.range, finding.range));
      if (d) picked.push({ finding, diagnostic: d });
      else if (!params.context.diagnostics.length && intersects(finding.range, params.range)) picked.push({ finding, diagnostic: toDiagnostic(finding) });
    }
    const ctx: FixContext = { file, source: text, tree, workspace, odooVersion: workspace.odooVersionForFile(file), settings };
    for (const { finding, diagnostic } of picked) {
      for (const fix of fixesFor(finding, ctx, (p, e) => host.log?.(`odoo-perf: fix for ${p.code} failed: ${String(e)}`))) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: fix.preferred || undefined,
          edit: workspaceEdit(fix),
        });
      }
    }
  }

  if (wantAll) {
    const result = fixAll({ file, source: text, tree, workspace, settings });
    if (result.applied.length) {
      actions.push({
        title: `Fix all safe Odoo Perf problems (${result.applied.length})`,
        kind: FIX_ALL_KIND,
        edit: { changes: { [document.uri]: [minimalEdit(document, text, result.source)] } },
      });
    }
  }
  return actions;
}
