// Plain, JSON-serialisable types of the deployment audit. They mirror the shapes of
// rules/types.ts (0-based line/character positions) without importing the Python-tree side:
// deploy stands beside the rules, it does not depend on them.

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }

/** A place in a workspace file (path exactly as the caller passed it). */
export interface Location { file: string; range: Range }

export interface DeployRuleMeta {
  code: string;
  name: string;
  defaultSeverity: Severity;
  summary: string;
}

export interface DeployFinding {
  code: string;
  rule: string;
  severity: Severity;
  file: string;
  range: Range;
  /** Evidence and the number behind it. Never contains a secret value. */
  message: string;
  /** Other places that take part in the finding (e.g. the container limit behind a conf key). */
  related?: { file: string; range: Range; message: string }[];
}

export interface InputFile { path: string; text: string }

export interface TargetInput {
  cpus: number;
  ramGb: number;
  concurrentUsers?: number;
}

export interface AuditOptions {
  /** Union of the `depends` of the workspace addons (the caller reads the manifests). */
  addonDepends?: string[];
  /** Explicit host target; else the compose limits of the Odoo service are used. */
  target?: TargetInput;
}

/** One text replacement in a file; offsets are not used so that LSP clients can apply it as is. */
export interface TextEdit { range: Range; newText: string }

export interface TunedValue {
  /** Where the value is written: an odoo option, a PostgreSQL setting, a compose resource. */
  kind: 'odoo' | 'postgres' | 'compose';
  service: string;
  key: string;
  /** Masked when the key is a secret (never the case for the keys the tuner writes). */
  before?: string;
  after: string;
  reason: string;
}

export interface TunedFile {
  file: string;
  edits: TextEdit[];
}

export interface CapacityRow { label: string; before: string; after: string }

export interface TunedResult {
  target: { cpus: number; ramMiB: number; concurrentUsers?: number; source: 'input' | 'compose' };
  values: TunedValue[];
  files: TunedFile[];
  /** Unified-diff-like text of every changed file, secrets masked. */
  preview: string;
  capacity: CapacityRow[];
}

export interface ServiceSummary {
  name: string;
  kind: 'odoo' | 'postgres' | 'pgbouncer' | 'proxy' | 'other';
  file: string;
  image?: string;
  odooVersion?: number;
  limits: { cpus?: number; memoryMiB?: number };
  replicas: number;
  /** Odoo: the effective options (secret values masked) with where each came from. */
  options?: Record<string, { value: string; source: string }>;
  /** PostgreSQL: the settings read from its command line or mounted postgresql.conf. */
  settings?: Record<string, { value: string; source: string }>;
  configFile?: string;
  dbService?: string;
  healthcheck?: boolean;
  /** Command-line arguments, secrets masked. */
  command?: string[];
}

export interface AuditResult {
  findings: DeployFinding[];
  services: ServiceSummary[];
  /** Null when no target could be derived (no limits, no explicit target) — `tunedReason` says why. */
  tuned: TunedResult | null;
  tunedReason?: string;
  /** Files recognised and read, by role. */
  files: { path: string; role: 'compose' | 'odoo-conf' | 'postgresql-conf' | 'other' }[];
}
