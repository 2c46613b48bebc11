// STUB — replaced by the workspace-model implementation. Returns an empty model so the rest of the
// pipeline can run end to end meanwhile.
import type { MutableWorkspace, WorkspaceOptions } from './workspace';

export async function scanWorkspace(_options: WorkspaceOptions): Promise<MutableWorkspace> {
  return {
    addons: () => [],
    addonForFile: () => undefined,
    odooVersionForFile: () => undefined,
    model: () => undefined,
    field: () => [],
    fieldsOfModel: () => [],
    queryUses: () => [],
    functionsNamed: () => [],
    updateFile: () => undefined,
  };
}
