// Builds the workspace model: addons, Odoo versions, models, fields, query uses and function
// facts of every addon under the roots and addons paths. No workspace code is executed.
import { initParser } from '../parse/parser';
import type { MutableWorkspace, WorkspaceOptions } from './workspace';
import { Workspace } from './store';

export async function scanWorkspace(options: WorkspaceOptions): Promise<MutableWorkspace> {
  await initParser();
  const ws = new Workspace(options);
  await ws.scan();
  return ws;
}

export { Workspace, indexPython } from './store';
