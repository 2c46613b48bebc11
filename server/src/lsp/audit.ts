// The deployment audit in the language server: the `odooPerf/audit` request (the VS Code command
// "Odoo Perf: Audit Deployment") and diagnostics on open compose / odoo.conf / postgresql.conf
// documents. The engine is server/src/deploy; this file gathers the workspace's deployment files
// (open buffers win over the disk), applies the per-rule settings and publishes.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Connection, type Diagnostic, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { applyEdits, auditWorkspace, maskText, type AuditResult, type DeployFinding, type InputFile } from '../deploy/index';
import { collectDeployFiles, isDeployCandidate, type CollectResult } from '../deploy/collect';
import { applyRuleSettings } from '../deploy/ruleSettings';
import type { Addon } from '../odoo/workspace';
import { DOCS_BASE } from '../rules/types';
import type { AuditParams, AuditResponse, TunedDocument } from './auditProtocol';
import { auditReport } from './auditReport';
import { uriToPath, type SettingsStore } from './settings';

const SOURCE = 'odoo-perf';
const REAUDIT_DELAY_MS = 300;
const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, information: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint };

export interface AuditHost {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  settings: SettingsStore;
  /** Addons of the current workspace model (for the queue_job checks). */
  addons(): Addon[];
  log(message: string): void;
}

/** A document the audit reads and reports on: a compose file, an Odoo config, a Dockerfile... */
export function isDeployDocument(uri: string): boolean {
  const file = uriToPath(uri);
  return !!file && !/\.pyi?$/i.test(file) && isDeployCandidate(path.basename(file));
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function deployDiagnostic(f: DeployFinding): Diagnostic {
  return {
    range: f.range,
    severity: SEVERITY[f.severity] ?? DiagnosticSeverity.Warning,
    code: f.code,
    codeDescription: { href: `${DOCS_BASE}${f.code}-${f.rule}.md` },
    source: SOURCE,
    message: f.message,
    data: { rule: f.rule },
    ...(f.related?.length ? { relatedInformation: f.related.map((r) => ({ location: { uri: pathToFileURL(r.file).href, range: r.range }, message: r.message })) } : {}),
  };
}

interface FolderAudit {
  root: string;
  result: AuditResult;
  /** Text of every audited file and, for open documents, the version it was read at. */
  inputs: Map<string, { text: string; version?: number }>;
}

export class DeployAuditor {
  /** Files on disk per root, until a watched deployment file changes. */
  private readonly disk = new Map<string, Promise<CollectResult>>();
  /** Open documents that last got audit diagnostics. */
  private readonly published = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;
  /** Skip messages ("path: reason") already logged. */
  private readonly loggedSkips = new Set<string>();

  constructor(private readonly host: AuditHost) {}

  /** Re-audits (debounced) and republishes the diagnostics of the open deployment documents. */
  schedule(delay = REAUDIT_DELAY_MS): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.publish();
    }, delay);
  }

  /** Watched files changed: forget what was read from disk for deployment files. */
  filesChanged(files: string[]): void {
    if (!files.some((f) => isDeployCandidate(path.basename(f)))) return;
    this.disk.clear();
    this.schedule();
  }

  closed(uri: string): void {
    this.published.delete(uri);
    // Its unsaved text no longer counts: the other open deployment files are audited again.
    if (isDeployDocument(uri)) this.schedule();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  private roots(): string[] {
    return this.host.settings.getFolders().map((f) => f.path);
  }

  private rootOf(file: string): string {
    const root = this.roots().find((r) => file === r || file.startsWith(r + path.sep));
    return root ?? path.dirname(file);
  }

  private addonDepends(root: string): string[] {
    const inRoot = this.host.addons().filter((a) => a.dir === root || a.dir.startsWith(root + path.sep));
    return [...new Set(inRoot.flatMap((a) => a.depends))].sort();
  }

  private async auditFolder(root: string, params: AuditParams = {}): Promise<FolderAudit> {
    let cached = this.disk.get(root);
    if (!cached) {
      cached = collectDeployFiles(root);
      this.disk.set(root, cached);
    }
    const onDisk = await cached;
    // Every re-audit (each keystroke in a compose file) sees the same skips: log each one once.
    for (const s of onDisk.skipped) {
      if (this.loggedSkips.has(s)) continue;
      this.loggedSkips.add(s);
      this.host.log(`odoo-perf: audit skipped ${s}`);
    }
    const inputs = new Map<string, { text: string; version?: number }>(onDisk.files.map((f) => [f.path, { text: f.text }]));
    for (const doc of this.host.documents.all()) {
      const file = uriToPath(doc.uri);
      if (!file || !isDeployDocument(doc.uri) || !(file === root || file.startsWith(root + path.sep))) continue;
      inputs.set(file, { text: doc.getText(), version: doc.version });
    }
    const files: InputFile[] = [...inputs].map(([p, v]) => ({ path: p, text: v.text })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    await this.host.settings.ready();
    const audit = auditWorkspace(files, { addonDepends: params.addonDepends ?? this.addonDepends(root), ...(params.target ? { target: params.target } : {}) });
    const rules = this.host.settings.forFile(path.join(root, 'x')).rules;
    return { root, inputs, result: { ...audit, findings: applyRuleSettings(audit.findings, rules) } };
  }

  private async publish(): Promise<void> {
    const generation = ++this.generation;
    try {
      const open = this.host.documents.all().filter((d) => isDeployDocument(d.uri));
      const roots = [...new Set(open.map((d) => this.rootOf(uriToPath(d.uri)!)))];
      const byFile = new Map<string, DeployFinding[]>();
      const versions = new Map<string, number | undefined>();
      for (const root of roots) {
        const audit = await this.auditFolder(root);
        if (generation !== this.generation) return; // a newer run is under way
        for (const f of audit.result.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
        for (const [file, input] of audit.inputs) versions.set(file, input.version);
      }
      for (const doc of open) {
        const file = uriToPath(doc.uri)!;
        // Stale: the document changed since its text was read; its own change scheduled a run.
        if (versions.get(file) !== undefined && this.host.documents.get(doc.uri)?.version !== versions.get(file)) continue;
        const findings = byFile.get(file) ?? [];
        this.host.connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: findings.map(deployDiagnostic) });
        if (findings.length) this.published.add(doc.uri);
        else this.published.delete(doc.uri);
      }
    } catch (e) {
      this.host.log(`odoo-perf: deployment audit failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    }
  }

  /** `odooPerf/audit`: the full result, labels and URIs, the tuned documents and the report. */
  async request(params: AuditParams = {}): Promise<AuditResponse> {
    const roots = params.folderUri ? [uriToPath(params.folderUri)].filter((r): r is string => !!r) : this.roots();
    let chosen: FolderAudit | undefined;
    for (const root of roots) {
      const audit = await this.auditFolder(root, params);
      chosen ??= audit;
      // The first folder with something to audit wins (a multi-root workspace of addons + deploy).
      if (audit.result.files.some((f) => f.role === 'compose' || f.role === 'odoo-conf')) {
        chosen = audit;
        break;
      }
    }
    const result: AuditResult = chosen?.result ?? { findings: [], services: [], tuned: null, tunedReason: 'no workspace folder is open', files: [] };
    const root = chosen?.root;
    const labels: Record<string, string> = {};
    const uris: Record<string, string> = {};
    const note = (file: string) => {
      labels[file] ??= root ? path.relative(root, file).split(path.sep).join('/') || path.basename(file) : file;
      uris[file] ??= pathToFileURL(file).href;
    };
    for (const f of result.files) note(f.path);
    for (const f of result.findings) {
      note(f.file);
      for (const r of f.related ?? []) note(r.file);
    }
    for (const s of result.services) note(s.file);
    const tunedDocuments: Record<string, TunedDocument> = {};
    for (const f of result.tuned?.files ?? []) {
      const input = chosen?.inputs.get(f.file);
      if (!input) continue;
      note(f.file);
      tunedDocuments[f.file] = {
        uri: uris[f.file],
        label: labels[f.file],
        ...(input.version !== undefined ? { version: input.version } : {}),
        sha256: sha256(input.text),
        current: maskText(input.text),
        tuned: maskText(applyEdits(input.text, f.edits)),
      };
    }
    const report = auditReport(result, { label: (f) => labels[f] ?? f, uri: (f) => uris[f] ?? pathToFileURL(f).href });
    return {
      ...result,
      ...(root ? { folderUri: pathToFileURL(root).href } : {}),
      labels,
      uris,
      tunedDocuments,
      needsTarget: !result.tuned && !params.target,
      report,
    };
  }
}

/** A watched file only the audit reads: its change needs no workspace-model update nor re-lint. */
export function isDeployOnlyFile(file: string): boolean {
  return isDeployCandidate(path.basename(file));
}
