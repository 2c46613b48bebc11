// Runs the rules on one Python file. Both the LSP and the CLI call this: there is one engine.
import type { Tree } from '../parse/parser';
import type { RuleSetting, Settings } from '../config';
import type { WorkspaceModel } from '../odoo/workspace';
import { RULES } from './index';
import { collectSuppressions, isSuppressed } from './suppression';
import { insideAny, isTestFile, testClassRanges } from './testCode';
import { capOneOff, oneOffRegions, type OneOffRegion } from './oneOffCode';
import { nodeRange, type Finding, type Range, type Rule, type RuleContext } from './types';

export interface LintInput {
  file: string;
  source: string;
  tree: Tree;
  workspace: WorkspaceModel;
  settings: Settings;
  /** Restrict to these codes/names (CLI --select); empty = all. */
  select?: string[];
  ignore?: string[];
  /** Called when a rule throws: a bug in one rule must not hide the others' findings. */
  onRuleError?: (rule: Rule, error: unknown) => void;
}

/** The last entry naming the rule (code in any case, or name) wins; see mergeSettings. */
function settingFor(rule: Rule, settings: Settings): RuleSetting | undefined {
  let found: RuleSetting | undefined;
  for (const [key, value] of Object.entries(settings.rules)) {
    const k = key.trim();
    if (k.toUpperCase() === rule.meta.code || k.toLowerCase() === rule.meta.name) found = value;
  }
  return found;
}

function matches(rule: Rule, list: string[] | undefined): boolean {
  return !!list?.some((c) => {
    const k = c.trim();
    // A prefix such as OP1 selects the whole family.
    return rule.meta.name === k.toLowerCase() || rule.meta.code.toUpperCase().startsWith(k.toUpperCase());
  });
}

export function activeRules(settings: Settings, select?: string[], ignore?: string[]): Rule[] {
  return RULES.filter((rule) => {
    if (settingFor(rule, settings) === 'off') return false;
    if (select?.length && !matches(rule, select)) return false;
    if (ignore?.length && matches(rule, ignore)) return false;
    return true;
  });
}

export function lintFile(input: LintInput): Finding[] {
  const { file, source, tree, workspace, settings } = input;
  const addon = workspace.addonForFile(file);
  // Test code is skipped unless odooPerf.lintTests (see testCode.ts).
  if (!settings.lintTests && isTestFile(file, addon)) return [];
  const findings: Finding[] = [];
  // Migrations and install hooks (oneOffCode.ts): read once per file, when a finding asks.
  let oneOff: OneOffRegion[] | undefined;
  for (const rule of activeRules(settings, input.select, input.ignore)) {
    const configured = settingFor(rule, settings);
    const ctx: RuleContext = {
      file,
      source,
      tree,
      workspace,
      addon,
      odooVersion: workspace.odooVersionForFile(file),
      report(node, message, extra) {
        const range: Range = 'start' in node ? node : nodeRange(node);
        // An explicit setting overrides both the default and a rule's own per-finding choice.
        let severity = configured && configured !== 'off' ? configured : extra?.severity ?? rule.meta.defaultSeverity;
        if (rule.meta.perIteration && !(configured && configured !== 'off')) {
          ({ severity, message } = capOneOff(severity, message, range, (oneOff ??= oneOffRegions(file, tree, addon))));
        }
        findings.push({
          code: rule.meta.code,
          rule: rule.meta.name,
          severity,
          range,
          message,
          related: extra?.related,
        });
      },
    };
    try {
      rule.check(ctx);
    } catch (e) {
      input.onRuleError?.(rule, e);
    }
  }
  const suppressions = collectSuppressions(tree);
  const testClasses = settings.lintTests ? [] : testClassRanges(tree);
  return findings
    .filter((f) => !isSuppressed(f, suppressions) && !insideAny(f.range, testClasses))
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code));
}
