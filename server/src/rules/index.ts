// The rule registry. Each rule lives in its own file; add it here to enable it everywhere
// (LSP, CLI, SARIF rule list, docs table).
import type { Rule } from './types';
import { searchInLoop } from './searchInLoop';
import { browseInLoop } from './browseInLoop';
import { blockingHttpInRequest } from './blockingHttpInRequest';
import { requestWithoutTimeout } from './requestWithoutTimeout';
import { sqlInjection } from './sqlInjection';
import { missingIndex } from './missingIndex';

export const RULES: Rule[] = [];
RULES.push(searchInLoop, browseInLoop);
RULES.push(blockingHttpInRequest, requestWithoutTimeout, sqlInjection);
RULES.push(missingIndex);

export function findRule(codeOrName: string): Rule | undefined {
  const key = codeOrName.trim();
  return RULES.find((r) => r.meta.code.toUpperCase() === key.toUpperCase() || r.meta.name === key.toLowerCase());
}
