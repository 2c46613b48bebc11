// Types of expectations.mjs (plain JS so that the Node harnesses and the Neovim test read the same
// hand-written expectations as the extension-host suite).
export type SeverityName = 'error' | 'warning' | 'information' | 'hint';

export interface ExpectedDiagnostic {
  code: string;
  severity: SeverityName;
  /** 1-based line, as the editor shows it. */
  line: number;
  /** Exact source text the range covers, starting on `line` (may continue on following lines). */
  text: string;
  /** Which occurrence of `text` on the line (0-based) when it appears more than once. */
  occurrence?: number;
  /** For a range over several lines: it ends just after the last `after` on `end.line` (1-based). */
  end?: { line: number; after: string };
  /** The whole message, exactly. */
  message?: string;
  /** Key parts the message must contain (when the exact wording is not pinned yet). */
  messageIncludes?: string[];
  /** Evidence the diagnostic must carry as related information (file relative to the workspace). */
  related?: { file: string; line: number; startsWith?: string }[];
}

export interface ExpectedHover {
  name: string;
  file: string;
  line: number;
  /** Hover at the first character of this text on the line. */
  at: string;
  /** Parts of the hover's Markdown source, exactly (each required). */
  includes: string[];
  /** Plain text the rendered hover shows in the page (checked in the DOM at the screenshot). */
  shown: string;
}

export interface ExpectedFix {
  name: string;
  file: string;
  code: string;
  line: number;
  /** Exact title of the code action. */
  title: string;
  /**
   * The whole document after the fix is the original with `from` replaced (once) by `to`; the fix
   * also removes one `code` diagnostic from the file.
   */
  from: string;
  to: string;
  /** Other files the same workspace edit must change, each by its own `from` -> `to`. */
  also?: { file: string; from: string; to: string }[];
  /** Files the fix must leave exactly as they were (e.g. a manifest that already has the dependency). */
  unchanged?: string[];
}

export interface Capabilities {
  hover: boolean;
  quickFixes: boolean;
  audit: boolean;
}

export interface ExpectedAudit {
  diagnostics: Record<string, ExpectedDiagnostic[]>;
  reportIncludes: string[];
  tunedFiles: string[];
  tunedConf: { includes: string[]; workersAtMost: number };
  secrets: string[];
}

export declare const audit: ExpectedAudit;
export declare const extensionId: string;
export declare const capabilities: Capabilities;
export declare const diagnostics: Record<string, ExpectedDiagnostic[]>;
export declare const pendingCodes: string[];
export declare const cleanFiles: string[];
export declare const hovers: ExpectedHover[];
export declare const fixes: ExpectedFix[];
/** The file the packaged-extension test opens through the UI, and the least it must show. */
export declare const packagedProbe: { file: string; minWarnings: number };
export declare function expectedLines(file: string): { code: string; line: number; severity: SeverityName }[];
