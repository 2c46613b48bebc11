// Asks for the host target when the compose file sets no resource limits: CPUs, RAM and the
// expected number of concurrent users (optional). Undefined when the user cancels.
import * as vscode from 'vscode';

export interface Target {
  cpus: number;
  ramGb: number;
  concurrentUsers?: number;
}

const OTHER = 'Other…';

async function pickNumber(title: string, choices: string[], unit: string): Promise<number | undefined> {
  const picked = await vscode.window.showQuickPick([...choices.map((c) => `${c} ${unit}`), OTHER], { title, ignoreFocusOut: true });
  if (!picked) return undefined;
  if (picked !== OTHER) return Number(picked.split(' ')[0]);
  const typed = await vscode.window.showInputBox({
    title,
    prompt: `Number of ${unit}`,
    ignoreFocusOut: true,
    validateInput: (v) => (Number(v) > 0 && Number.isFinite(Number(v)) ? undefined : 'A positive number'),
  });
  return typed ? Number(typed) : undefined;
}

export async function askTarget(reason: string | undefined): Promise<Target | undefined> {
  const why = reason ? ` (${reason})` : '';
  const cpus = await pickNumber(`Odoo Perf: CPUs of the host running Odoo and PostgreSQL${why}`, ['1', '2', '4', '8', '16', '32'], 'CPUs');
  if (cpus === undefined) return undefined;
  const ramGb = await pickNumber('Odoo Perf: RAM of the host', ['2', '4', '8', '16', '32', '64'], 'GB');
  if (ramGb === undefined) return undefined;
  const users = await vscode.window.showInputBox({
    title: 'Odoo Perf: expected concurrent users (optional)',
    prompt: 'Leave empty to size for the host alone',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' || (Number.isInteger(Number(v)) && Number(v) > 0) ? undefined : 'A whole number, or empty'),
  });
  if (users === undefined) return undefined;
  return { cpus, ramGb, ...(users.trim() ? { concurrentUsers: Number(users) } : {}) };
}
