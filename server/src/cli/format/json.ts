// Machine output for scripts: one JSON object. Positions are 1-based; endColumn is exclusive
// (the column just after the last character), as in SARIF.
import { packageVersion } from '../package';
import { relPath, type Formatter } from './common';

export interface JsonDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: string;
  rule: string;
  severity: string;
  message: string;
  fixes: string[];
}

export interface JsonReport {
  version: string;
  files: number;
  diagnostics: JsonDiagnostic[];
}

export const formatJson: Formatter = (result, ctx) => {
  const report: JsonReport = { version: packageVersion(), files: result.files.length, diagnostics: [] };
  for (const { file, findings } of result.files) {
    for (const f of findings) {
      report.diagnostics.push({
        file: relPath(ctx.base, file),
        line: f.range.start.line + 1,
        column: f.range.start.character + 1,
        endLine: f.range.end.line + 1,
        endColumn: f.range.end.character + 1,
        code: f.code,
        rule: f.rule,
        severity: f.severity,
        message: f.message,
        fixes: f.fixes ?? [],
      });
    }
  }
  return `${JSON.stringify(report, null, 2)}\n`;
};
