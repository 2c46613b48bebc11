// Per-rule severity settings (`odooPerf.rules` in the editor, `[tool.odoo-perf] rules` in
// pyproject.toml) applied to deployment findings, so that the editor and `odoo-perf audit` in CI
// agree with each other and with the Python rules: keyed by code (any case) or name, the last
// entry naming a rule wins, `off` drops the finding.
import type { DeployFinding, Severity } from './types';

export type DeployRuleSetting = Severity | 'off';

function settingFor(code: string, name: string, rules: Record<string, DeployRuleSetting>): DeployRuleSetting | undefined {
  let found: DeployRuleSetting | undefined;
  for (const [key, value] of Object.entries(rules)) {
    const k = key.trim();
    if (k.toUpperCase() === code || k.toLowerCase() === name) found = value;
  }
  return found;
}

export function applyRuleSettings(findings: DeployFinding[], rules: Record<string, DeployRuleSetting>): DeployFinding[] {
  const out: DeployFinding[] = [];
  for (const f of findings) {
    const setting = settingFor(f.code, f.rule, rules);
    if (setting === 'off') continue;
    out.push(setting ? { ...f, severity: setting } : f);
  }
  return out;
}
