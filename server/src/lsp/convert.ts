// Finding (engine, LSP-free) -> LSP Diagnostic. The rule name travels in `data` so code actions
// and clients can key on it without parsing the message.
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver/node';
import { findRule } from '../rules/index';
import { docsUrl, type Finding, type Severity } from '../rules/types';

export const SOURCE = 'odoo-perf';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export interface DiagnosticData {
  rule: string;
}

export function fileToUri(file: string): string {
  // Findings may already carry a URI (untitled buffers have no path).
  return /^[a-z][a-z0-9+.-]+:/i.test(file) && !/^[a-z]:[\\/]/i.test(file) ? file : pathToFileURL(file).href;
}

export function toDiagnostic(finding: Finding): Diagnostic {
  const rule = findRule(finding.code);
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: SEVERITY[finding.severity] ?? DiagnosticSeverity.Warning,
    code: finding.code,
    source: SOURCE,
    message: finding.message,
    data: { rule: finding.rule } satisfies DiagnosticData,
  };
  if (rule) diagnostic.codeDescription = { href: docsUrl(rule.meta) };
  if (finding.related?.length) {
    diagnostic.relatedInformation = finding.related.map(
      (r): DiagnosticRelatedInformation => ({ location: { uri: fileToUri(r.file), range: r.range }, message: r.message }),
    );
  }
  return diagnostic;
}
