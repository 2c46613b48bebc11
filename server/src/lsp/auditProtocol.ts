// The `odooPerf/audit` request: shapes shared by the server (lsp/audit.ts) and the VS Code client
// (client/src/audit/, type-only import). Plain JSON; every text in here has its secrets masked.
import type { AuditResult, TargetInput } from '../deploy/types';

export const AUDIT_REQUEST = 'odooPerf/audit';

export interface AuditParams {
  /** Host target for the tuned configuration; default: the compose limits of the Odoo service. */
  target?: TargetInput;
  /** Replaces the union of the workspace manifests' `depends` the server would use. */
  addonDepends?: string[];
  /** Workspace folder to audit; default: the first folder with a compose file or Odoo config. */
  folderUri?: string;
}

/** What the client needs to show and apply one tuned file. */
export interface TunedDocument {
  uri: string;
  /** Path relative to the audited folder, for titles. */
  label: string;
  /** Version of the open document the edits were computed against (absent: read from disk). */
  version?: number;
  /** sha256 (hex) of the exact text the edits apply to: the client refuses to apply on a mismatch. */
  sha256: string;
  /** Current and tuned text, both with secrets masked (the two sides of the preview diff). */
  current: string;
  tuned: string;
}

export interface AuditResponse extends AuditResult {
  /** The audited folder (undefined when the workspace has none and nothing was found). */
  folderUri?: string;
  /** Workspace-relative label of every path in the result. */
  labels: Record<string, string>;
  /** file: URI of every path in the result. */
  uris: Record<string, string>;
  /** Keyed by path, one per file in `tuned.files`. */
  tunedDocuments: Record<string, TunedDocument>;
  /** True when no target could be derived from the compose limits and none was given. */
  needsTarget: boolean;
  /** Markdown report: findings with links, capacity before/after, tuned values and reasons. */
  report: string;
}
