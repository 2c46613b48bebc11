// The rule registry. Each rule lives in its own file; add it here to enable it everywhere
// (LSP, CLI, SARIF rule list, docs table).
import type { Rule } from './types';

export const RULES: Rule[] = [];

export function findRule(codeOrName: string): Rule | undefined {
  const key = codeOrName.trim();
  return RULES.find((r) => r.meta.code.toUpperCase() === key.toUpperCase() || r.meta.name === key.toLowerCase());
}
