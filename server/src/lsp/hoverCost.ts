// Markdown for cost hovers: an ORM call, a loop header, a method name. The numbers come from the
// cost model's describe(), the same wording the OP101/OP102 messages and the CLI use, so hover and
// squiggle never disagree. Short on purpose: one line per fact.
import { afterFix } from '../cost/fix';
import { isConstant } from '../cost/formula';
import { describe, evaluate, format, type FunctionEstimate, type SiteEstimate } from '../cost/index';

/** The N values shown: the assumed record count (a list view page by default) and 1000. */
export function hoverNs(assumed: number): number[] {
  return assumed === 1000 ? [1000] : [assumed, 1000].sort((a, b) => a - b);
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function figures(total: SiteEstimate['total'], ns: number[]): string {
  if (isConstant(total)) {
    const v = evaluate(total, 1);
    return `${v} quer${v === 1 ? 'y' : 'ies'}`;
  }
  return `${format(total)} → ${ns.map((n) => `${evaluate(total, n)} at N = ${n}`).join(', ')}`;
}

function nLegend(est: FunctionEstimate): string {
  const on = est.model ? ` of ${code(est.model)}` : '';
  return `_N = records${on} in \`self\` of ${code(`${est.name}()`)}_`;
}

export function callHover(site: SiteEstimate, est: FunctionEstimate, ns: number[]): string | undefined {
  const line = describe(site, ns);
  if (!line) return undefined;
  const out = [`**${code(site.name)}** ${line}`];
  const fix = afterFix(site, est.options);
  if (fix) out.push(`After the fix (${fix.rewrite}): ${figures(fix.total, ns)}`);
  const notes = [...new Set(site.events.map((e) => e.note))].slice(0, 3);
  if (notes.length) out.push(notes.map((n) => `- ${n}`).join('\n'));
  if (!isConstant(site.total)) out.push(nLegend(est));
  return out.join('\n\n');
}

export function loopHover(site: SiteEstimate, est: FunctionEstimate, ns: number[]): string | undefined {
  const line = describe(site, ns);
  if (!line) return undefined;
  const iterations = site.iterations ? ` (${format(site.iterations)} iterations)` : '';
  const out = [`**Loop** ${code(site.name)}${iterations}: ${line}`];
  const inside = est.calls
    .filter((c) => site.node.startIndex <= c.node.startIndex && c.node.endIndex <= site.node.endIndex)
    .filter((c) => c.total.terms.length);
  if (inside.length > 1) out.push(topList(inside, est, ns));
  if (!isConstant(site.total)) out.push(nLegend(est));
  return out.join('\n\n');
}

function topList(sites: SiteEstimate[], est: FunctionEstimate, ns: number[]): string {
  const n = est.options.assumedRecordCount;
  return [...sites]
    .sort((a, b) => evaluate(b.total, n) - evaluate(a.total, n))
    .slice(0, 3)
    .map((c) => `- line ${c.range.start.line + 1} ${code(c.name)} ${describe(c, ns)}`)
    .join('\n');
}

export function functionHover(est: FunctionEstimate, ns: number[]): string | undefined {
  const line = describe(est, ns);
  if (!line) return undefined;
  const out = [`**${code(`${est.name}()`)}** ${line}`];
  if (est.top.length) out.push(`Top contributors:\n${topList(est.top, est, ns)}`);
  if (!isConstant(est.total)) out.push(nLegend(est));
  return out.join('\n\n');
}
