// SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer). GitHub's requirements honoured
// here: tool.driver.name, results with ruleId + message.text + at least one physical location
// whose region has startLine; file locations relative to %SRCROOT% with forward slashes; rule
// metadata (shortDescription/fullDescription/help/helpUri/defaultConfiguration) so alerts explain
// themselves; partialFingerprints so an alert survives unrelated edits that move its line.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { docsUrl, type Range, type Rule, type Severity } from '../../rules/types';
import { INFORMATION_URI, packageVersion, ruleDocs } from '../package';
import { relPath, type Formatter } from './common';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';

type SarifLevel = 'error' | 'warning' | 'note';

/** SARIF has no "hint": information and hint are both notes. */
export function sarifLevel(severity: Severity): SarifLevel {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

/** kebab-case → PascalCase, the naming SARIF's examples use for reportingDescriptor.name. */
function pascal(name: string): string {
  return name.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
}

/** First paragraph of the docs page after its title: the fuller description. */
function firstParagraph(markdown: string): string | undefined {
  const paragraphs = markdown.split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p && !p.startsWith('#'));
  const para = paragraphs.find((p) => !p.startsWith('```') && !p.startsWith('|'));
  return para?.replace(/\s*\n\s*/g, ' ');
}

function ruleDescriptor(rule: Rule, severity: Severity) {
  const { meta } = rule;
  const docs = ruleDocs(meta);
  const full = (docs && firstParagraph(docs)) || meta.summary;
  // 4xx is the SQL/security family: tag it so GitHub files it under security with a score.
  const security = meta.code.startsWith('OP4');
  return {
    id: meta.code,
    name: pascal(meta.name),
    shortDescription: { text: meta.summary },
    fullDescription: { text: full },
    helpUri: docsUrl(meta),
    help: { text: docs ?? `${meta.summary}\n\n${docsUrl(meta)}`, markdown: docs ?? `${meta.summary}\n\n[Documentation](${docsUrl(meta)})` },
    defaultConfiguration: { level: sarifLevel(severity) },
    properties: {
      tags: security ? ['security', 'odoo'] : ['performance', 'odoo'],
      precision: 'high',
      ...(security ? { 'security-severity': severity === 'error' ? '8.0' : '5.0' } : {}),
    },
  };
}

function region(range: Range) {
  // SARIF lines and columns are 1-based; endColumn is the column just after the region.
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

function artifactLocation(base: string, file: string) {
  const rel = path.relative(base, file);
  // Evidence outside the analysed folder (an addons path) gets an absolute file URI, which GitHub
  // also accepts; everything else is relative to %SRCROOT% so paths match across checkouts.
  if (rel.startsWith('..') || path.isAbsolute(rel)) return { uri: pathToFileURL(file).href };
  return { uri: relPath(base, file), uriBaseId: SRCROOT };
}

function lineText(lines: Map<string, string[]>, file: string, line: number): string {
  let text = lines.get(file);
  if (!text) {
    try {
      text = fs.readFileSync(file, 'utf8').split(/\r?\n/);
    } catch {
      text = [];
    }
    lines.set(file, text);
  }
  return (text[line] ?? '').trim();
}

export const formatSarif: Formatter = (result, ctx) => {
  const severityOf = (rule: Rule): Severity => {
    const s = result.settings.rules[rule.meta.code] ?? result.settings.rules[rule.meta.name];
    return s && s !== 'off' ? s : rule.meta.defaultSeverity;
  };
  const rules = result.rules.map((r) => ruleDescriptor(r, severityOf(r)));
  const index = new Map(result.rules.map((r, i) => [r.meta.code, i]));
  const lines = new Map<string, string[]>();
  const seen = new Map<string, number>();
  const results = [];
  for (const { file, findings } of result.files) {
    for (const f of findings) {
      // Stable across runs and line moves: file + rule + the trimmed text of the line, plus an
      // occurrence counter for identical lines in the same file.
      const key = [relPath(ctx.base, file), f.code, lineText(lines, file, f.range.start.line)].join('\0');
      const occurrence = (seen.get(key) ?? 0) + 1;
      seen.set(key, occurrence);
      const hash = createHash('sha256').update(key).digest('hex').slice(0, 32);
      results.push({
        ruleId: f.code,
        ...(index.has(f.code) ? { ruleIndex: index.get(f.code) } : {}),
        level: sarifLevel(f.severity),
        message: { text: f.message },
        locations: [{ physicalLocation: { artifactLocation: artifactLocation(ctx.base, file), region: region(f.range) } }],
        ...(f.related?.length
          ? {
              relatedLocations: f.related.map((r, i) => ({
                id: i + 1,
                physicalLocation: { artifactLocation: artifactLocation(ctx.base, r.file), region: region(r.range) },
                message: { text: r.message },
              })),
            }
          : {}),
        partialFingerprints: { 'odooPerf/v1': `${hash}:${occurrence}` },
        properties: { rule: f.rule, ...(f.fixes?.length ? { fixes: f.fixes } : {}) },
      });
    }
  }
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'odoo-perf',
            version: packageVersion(),
            semanticVersion: packageVersion(),
            informationUri: INFORMATION_URI,
            rules,
          },
        },
        // The URI must end with a slash to be a folder base.
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(ctx.base).href.replace(/\/?$/, '/') } },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: result.ioErrors.length === 0,
            toolExecutionNotifications: [
              ...result.skipped.map((s) => ({
                level: 'note',
                message: { text: `skipped: ${s.reason}` },
                locations: [{ physicalLocation: { artifactLocation: artifactLocation(ctx.base, s.file) } }],
              })),
              ...result.ioErrors.map((e) => ({ level: 'error', message: { text: e } })),
            ],
          },
        ],
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
};
