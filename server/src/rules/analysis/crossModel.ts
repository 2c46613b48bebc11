// One level down into ANOTHER model's method (methodCalls.ts): `line.tax_ids.account_taxes()` in a
// loop over order lines runs a method of the Many2many's comodel on every iteration; when that
// method's body searches, each line pays the query. Followed only when the receiver's model is
// certain: a relational field whose definitions in the workspace agree on one comodel, or
// `self.env['x.y']` (or a name bound to one of those), resolved by ModelResolver. An unknown
// receiver stays quiet: a wrong model would name a method that never runs.
import type { Node } from '../../parse/parser';
import type { FunctionFact } from '../../odoo/functions';
import type { WorkspaceModel } from '../../odoo/workspace';
import type { FileAnalysis } from './index';
import { modelsFor } from './models';

/** The model of a call's receiver, when statically certain. */
export function modelOfReceiver(a: FileAnalysis, workspace: WorkspaceModel | undefined, recv: Node): string | undefined {
  return modelsFor(a, workspace).modelOf(recv);
}

export interface CallerAddons {
  /** The method of `model` among `candidates` that the calling addon can run (see below). */
  pick(candidates: FunctionFact[], model: string): FunctionFact | undefined;
}

/**
 * The addons whose code can run for a call made in `file`: its own addon and every addon it
 * depends on (transitively). A method of the same model defined by an addon outside that set is
 * not installed with the caller (another localisation's override, a sibling module): its body is
 * not what the call runs (nor is a method in a file outside any addon). Without addon information
 * for the caller (no workspace, a file outside any addon) the callee's model alone decides.
 */
export function callerAddons(workspace: WorkspaceModel | undefined, file: string): CallerAddons {
  const own = workspace?.addonForFile(file);
  let reachable: Set<string> | undefined;
  if (workspace && own) {
    const byName = new Map(workspace.addons().map((ad) => [ad.name, ad]));
    reachable = new Set([own.name]);
    const todo = [own.name];
    while (todo.length) {
      for (const dep of byName.get(todo.pop()!)?.depends ?? []) {
        if (reachable.has(dep)) continue;
        reachable.add(dep);
        todo.push(dep);
      }
    }
  }
  return {
    pick(candidates, model) {
      return candidates.find((f) => {
        if (f.model !== model) return false;
        if (!reachable) return true;
        const addon = workspace!.addonForFile(f.file)?.name;
        return !!addon && reachable.has(addon);
      });
    },
  };
}
