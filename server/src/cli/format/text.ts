// Human output: `path:line:col: severity CODE message [rule-name]`, one line per finding, files
// in path order, then a summary line. The location prefix is the shape editors and terminals
// turn into links.
import type { Severity } from '../../rules/types';
import { relPath, type Formatter } from './common';

const SEVERITIES: Severity[] = ['error', 'warning', 'information', 'hint'];
const COLORS: Record<Severity, string> = { error: '31', warning: '33', information: '36', hint: '2' };

function paint(on: boolean, code: string, text: string): string {
  return on ? `\x1b[${code}m${text}\x1b[0m` : text;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export const formatText: Formatter = (result, ctx) => {
  const out: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const { file, findings } of result.files) {
    const shown = relPath(ctx.cwd, file);
    for (const f of findings) {
      counts[f.severity]++;
      const loc = `${shown}:${f.range.start.line + 1}:${f.range.start.character + 1}:`;
      // Messages are one line by contract; fold any stray newline so the line shape holds.
      const message = f.message.replace(/\s*\n\s*/g, ' ');
      out.push(
        `${paint(ctx.color, '1', loc)} ${paint(ctx.color, COLORS[f.severity], f.severity)} ${paint(ctx.color, '1', f.code)} ${message} ${paint(ctx.color, '2', `[${f.rule}]`)}`,
      );
    }
  }
  const total = SEVERITIES.reduce((n, s) => n + counts[s], 0);
  const files = plural(result.files.length, 'file');
  const time = `${(result.elapsedMs / 1000).toFixed(2)}s`;
  if (total === 0) {
    out.push(paint(ctx.color, '32', `No problems found in ${files} (${time}).`));
  } else {
    const parts = [
      plural(counts.error, 'error'),
      plural(counts.warning, 'warning'),
      `${counts.information} information`,
      plural(counts.hint, 'hint'),
    ];
    out.push('', `${plural(total, 'problem')} (${parts.join(', ')}) in ${files} (${time}).`);
  }
  return `${out.join('\n')}\n`;
};
