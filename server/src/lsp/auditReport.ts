// The Markdown report of `odooPerf/audit`: findings with file:line links, the capacity table
// before/after, each tuned value with its reason. Built from the engine's masked output only
// (messages, summaries and tuned values never carry a secret), and every cell is escaped so a
// value from a config file cannot inject Markdown or HTML into the preview.
import type { AuditResult, Severity } from '../deploy/types';

const ICON: Record<Severity, string> = { error: 'Error', warning: 'Warning', information: 'Info', hint: 'Hint' };

/** Escapes text for a Markdown table cell or paragraph (no raw HTML, no accidental emphasis). */
export function mdEscape(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/[\\`*_{}[\]()#+!|<>~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;');
}

/** A code span: escapes are literal inside one, so only the characters that end it are dropped. */
function code(text: string): string {
  return `\`${text.replace(/[`|\r\n]/g, '')}\``;
}

export interface ReportContext {
  label(file: string): string;
  uri(file: string): string;
}

export function auditReport(result: AuditResult, ctx: ReportContext): string {
  const out: string[] = ['# Odoo Perf: deployment audit', ''];
  const files = result.files.filter((f) => f.role !== 'other').map((f) => code(ctx.label(f.path)));
  out.push(files.length ? `Audited: ${files.join(', ')}.` : 'No compose file, Odoo config or postgresql.conf was found in the workspace.', '');

  if (result.services.length) {
    out.push('## Services', '', '| service | kind | image | limits |', '|---|---|---|---|');
    for (const s of result.services) {
      const limits = [s.limits.cpus !== undefined ? `${s.limits.cpus} CPU` : '', s.limits.memoryMiB !== undefined ? `${s.limits.memoryMiB} MiB` : ''].filter(Boolean).join(', ') || 'none';
      out.push(`| ${mdEscape(s.name)} | ${s.kind} | ${mdEscape(s.image ?? '')} | ${limits} |`);
    }
    out.push('');
  }

  out.push(`## Findings (${result.findings.length})`, '');
  if (!result.findings.length) out.push('Nothing to report.');
  for (const f of result.findings) {
    const line = f.range.start.line + 1;
    // The Markdown preview refuses file: links; vscode://file/<path>:<line>:<col> is VS Code's own
    // "open this file at this line" link (rewritten to the editor's scheme by the preview).
    const link = `[${mdEscape(ctx.label(f.file))}:${line}](<${ctx.uri(f.file).replace(/^file:\/\//, 'vscode://file')}:${line}:${f.range.start.character + 1}>)`;
    out.push(`- **${ICON[f.severity]} ${f.code}** ${f.rule}: ${link}  `, `  ${mdEscape(f.message)}`);
  }
  out.push('');

  const tuned = result.tuned;
  if (!tuned) {
    out.push('## Tuned configuration', '', `Not computed: ${mdEscape(result.tunedReason ?? 'no target')}.`);
    return `${out.join('\n')}\n`;
  }
  const t = tuned.target;
  out.push(
    '## Capacity',
    '',
    `Target: ${t.cpus} CPU, ${t.ramMiB} MiB RAM${t.concurrentUsers ? `, ${t.concurrentUsers} concurrent users` : ''} (${t.source === 'input' ? 'given' : 'from the compose limits'}).`,
    '',
    '| | before | after |',
    '|---|---|---|',
  );
  for (const row of tuned.capacity) out.push(`| ${mdEscape(row.label)} | ${mdEscape(row.before)} | ${mdEscape(row.after)} |`);
  out.push('', '## Tuned values', '', '| where | key | before | after | why |', '|---|---|---|---|---|');
  for (const v of tuned.values) {
    out.push(`| ${v.kind} ${code(v.service)} | ${code(v.key)} | ${mdEscape(v.before ?? '(unset)')} | ${mdEscape(v.after)} | ${mdEscape(v.reason)} |`);
  }
  out.push('', tuned.files.length
    ? `Changed files: ${tuned.files.map((f) => code(ctx.label(f.file))).join(', ')} (see the diff editors; "Apply tuned configuration" writes them).`
    : 'The configuration already matches the target: nothing to change.');
  return `${out.join('\n')}\n`;
}
