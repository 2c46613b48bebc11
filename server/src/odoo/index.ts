// Builds the workspace model: addons, Odoo versions, models, fields, query uses and function
// facts of every addon under the roots and addons paths. No workspace code is executed.
import { initParser } from '../parse/parser';
import type { MutableWorkspace, WorkspaceOptions } from './workspace';
import { Workspace, type ScanShare } from './store';

export async function scanWorkspace(options: WorkspaceOptions, share?: ScanShare): Promise<MutableWorkspace> {
  await initParser();
  const ws = new Workspace(options);
  await ws.scan(share);
  return ws;
}

export { Workspace, indexPython, type ScanShare, type SharedFacts } from './store';
