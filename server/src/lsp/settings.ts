// LSP side of the settings: editor `odooPerf.*` (pulled per workspace folder with
// workspace/configuration, or pushed with didChangeConfiguration by clients that cannot be asked)
// merged over the folder's pyproject.toml `[tool.odoo-perf]`, so the editor and the CLI in CI agree.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageType, ShowMessageNotification, type Connection } from 'vscode-languageserver/node';
import { DEFAULT_SETTINGS, mergeSettings, normaliseSettings, readPyproject, type Settings } from '../config';

export const SECTION = 'odooPerf';

export interface Folder {
  uri: string;
  /** Absolute path; folders that are not on disk (virtual file systems) are not tracked. */
  path: string;
}

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** What a workspace scan depends on: a change here means a rescan, anything else only a re-lint. */
export interface ScanInputs {
  roots: string[];
  addonsPaths: string[];
  odooVersion: string;
}

export class SettingsStore {
  private folders: Folder[] = [];
  private perFolder = new Map<string, Settings>();
  private fallback: Settings = DEFAULT_SETTINGS;
  /** Settings pushed by didChangeConfiguration, for clients without workspace/configuration. */
  private pushed: unknown;
  private readonly shown = new Set<string>();
  private loading: Promise<void> | undefined;
  /** Reloads may overlap (two quick setting changes): only the latest one may store its result. */
  private generation = 0;

  constructor(
    private readonly connection: Connection,
    private readonly canPull: () => boolean,
    private readonly log: (message: string) => void,
  ) {}

  setFolders(folders: Folder[]): void {
    // Longest path first, so a nested folder wins over its parent in forFile().
    this.folders = [...folders].sort((a, b) => b.path.length - a.path.length);
  }

  getFolders(): Folder[] {
    return this.folders;
  }

  setPushed(settings: unknown): void {
    this.pushed = (settings as Record<string, unknown> | undefined)?.[SECTION];
  }

  /** Resolves once the settings have been read at least once (immediately afterwards). */
  ready(): Promise<void> {
    return this.loading ?? this.reload();
  }

  /** Re-reads editor settings and every folder's pyproject.toml. Never rejects. */
  reload(): Promise<void> {
    const run = this.load().catch((e) => this.log(`odoo-perf: reading settings failed: ${String(e)}`));
    this.loading = run;
    return run;
  }

  forFile(file: string | undefined): Settings {
    if (file) {
      for (const folder of this.folders) {
        if (file === folder.path || file.startsWith(folder.path + path.sep)) return this.perFolder.get(folder.uri) ?? this.fallback;
      }
    }
    return this.fallback;
  }

  scanInputs(): ScanInputs {
    const addonsPaths = new Set<string>();
    let odooVersion = '';
    for (const folder of this.folders) {
      const s = this.perFolder.get(folder.uri);
      if (!s) continue;
      for (const p of s.addonsPaths) addonsPaths.add(path.resolve(folder.path, p));
      odooVersion ||= s.odooVersion;
    }
    for (const p of this.fallback.addonsPaths) if (path.isAbsolute(p)) addonsPaths.add(p);
    odooVersion ||= this.fallback.odooVersion;
    return { roots: this.folders.map((f) => f.path), addonsPaths: [...addonsPaths].sort(), odooVersion };
  }

  private async load(): Promise<void> {
    const generation = ++this.generation;
    const problems: string[] = [];
    const editorGlobal = normaliseSettings(await this.editorSettings(undefined), problems);
    const next = new Map<string, Settings>();
    for (const folder of this.folders) {
      const editor = normaliseSettings(await this.editorSettings(folder.uri), problems);
      const pyproject = readPyproject(folder.path);
      problems.push(...pyproject.problems);
      next.set(folder.uri, mergeSettings(DEFAULT_SETTINGS, pyproject.settings, editor));
    }
    if (generation !== this.generation) return;
    this.perFolder = next;
    this.fallback = mergeSettings(DEFAULT_SETTINGS, editorGlobal);
    for (const problem of problems) this.report(problem);
  }

  private async editorSettings(scopeUri: string | undefined): Promise<unknown> {
    if (!this.canPull()) return this.pushed;
    try {
      const [value] = await this.connection.workspace.getConfiguration([{ scopeUri, section: SECTION }]);
      return value;
    } catch (e) {
      this.log(`odoo-perf: workspace/configuration failed: ${String(e)}`);
      return this.pushed;
    }
  }

  /** Each settings problem is logged every time and shown to the user once per session. */
  private report(problem: string): void {
    this.log(`odoo-perf settings: ${problem}`);
    if (this.shown.has(problem)) return;
    this.shown.add(problem);
    // A notification, not window/showMessageRequest: nothing to wait for, no client reply needed.
    void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `Odoo Perf settings: ${problem}` });
  }
}
