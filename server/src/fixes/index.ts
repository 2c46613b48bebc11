// The fix registry: one provider file per rule (add it to PROVIDERS), plus "Ignore OPxxx on this
// line" for every finding. The LSP turns these into code actions; `odoo-perf lint --fix` applies
// the safe ones on disk. A provider that throws costs its own fixes only.
import type { Finding } from '../rules/types';
import { ignoreFix } from './noqa';
import type { Fix, FixContext, FixProvider } from './types';
import { addIndexFix } from './addIndex';
import { requestTimeoutFix } from './requestTimeout';
import { sqlParamsFix } from './sqlParams';
import { readGroupFix } from './readGroup';
import { trigramIndexFix } from './trigramIndex';
import { blockingHttpQueueFix, cronQueueFix } from './queueJob';
import { searchCountFix } from './searchCount';
import { filterDomainFix } from './filterDomain';
import { createBatchFix } from './createBatch';
import { unlinkBatchFix } from './unlinkBatch';
import { createMultiFix } from './createMulti';
import { fieldsListFix } from './fieldsList';
import { aggregateGroupFix } from './aggregateGroup';

export const PROVIDERS: FixProvider[] = [];
PROVIDERS.push(addIndexFix, requestTimeoutFix);
PROVIDERS.push(sqlParamsFix, readGroupFix);
PROVIDERS.push(trigramIndexFix);
PROVIDERS.push(blockingHttpQueueFix, cronQueueFix);
PROVIDERS.push(searchCountFix);
PROVIDERS.push(filterDomainFix);
PROVIDERS.push(createBatchFix, unlinkBatchFix);
PROVIDERS.push(createMultiFix);
PROVIDERS.push(fieldsListFix);
PROVIDERS.push(aggregateGroupFix);

export function fixesFor(finding: Finding, ctx: FixContext, onError?: (provider: FixProvider, error: unknown) => void): Fix[] {
  const out: Fix[] = [];
  for (const provider of PROVIDERS) {
    if (provider.code !== finding.code) continue;
    try {
      out.push(...provider.fixes(finding, ctx));
    } catch (e) {
      onError?.(provider, e);
    }
  }
  const ignore = ignoreFix(finding, ctx);
  if (ignore) out.push(ignore);
  return out;
}

/**
 * Fills `Finding.fixes` with the titles of the fixes offered. Done by the callers that show titles
 * (the CLI's json/sarif output), not by the engine: the editor computes fixes only when the user
 * asks for code actions, so the keystroke path pays nothing.
 */
export function attachFixTitles(findings: Finding[], ctx: FixContext): Finding[] {
  for (const f of findings) f.fixes = fixesFor(f, ctx).map((x) => x.title);
  return findings;
}

export type { Fix, FixContext, FixProvider, TextEdit } from './types';
