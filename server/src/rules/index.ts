// The rule registry. Each rule lives in its own file; add it here to enable it everywhere
// (LSP, CLI, SARIF rule list, docs table).
import type { Rule } from './types';
import { searchInLoop } from './searchInLoop';
import { browseInLoop } from './browseInLoop';
import { blockingHttpInRequest } from './blockingHttpInRequest';
import { requestWithoutTimeout } from './requestWithoutTimeout';
import { sqlInjection } from './sqlInjection';
import { missingIndex } from './missingIndex';
import { createInLoop } from './createInLoop';
import { unlinkInLoop } from './unlinkInLoop';
import { flushInLoop } from './flushInLoop';
import { sqlInLoop } from './sqlInLoop';
import { aggregateInCompute } from './aggregateInCompute';
import { lenSearch } from './lenSearch';
import { filterAfterSearch } from './filterAfterSearch';
import { unboundedSearch } from './unboundedSearch';
import { searchThenRead } from './searchThenRead';
import { createSingleOverride } from './createSingleOverride';
import { trigramCandidate } from './trigramCandidate';
import { cronUnbatched } from './cronUnbatched';
import { superInLoop } from './superInLoop';

export const RULES: Rule[] = [];
RULES.push(searchInLoop, browseInLoop);
RULES.push(blockingHttpInRequest, requestWithoutTimeout, sqlInjection);
RULES.push(missingIndex);
RULES.push(createInLoop, unlinkInLoop, flushInLoop, sqlInLoop, aggregateInCompute, lenSearch, filterAfterSearch);
RULES.push(unboundedSearch, searchThenRead, createSingleOverride, trigramCandidate, cronUnbatched, superInLoop);

export function findRule(codeOrName: string): Rule | undefined {
  const key = codeOrName.trim();
  return RULES.find((r) => r.meta.code.toUpperCase() === key.toUpperCase() || r.meta.name === key.toLowerCase());
}
