// STUB CONTRACT — compact per-function facts the workspace keeps for cross-file rules (OP301
// follows calls from an http route into workspace methods). Implemented by the OP301 work;
// the workspace model calls extractFunctions() for every indexed Python file.
import type { Tree } from '../parse/parser';
import type { Range } from '../rules/types';

export interface CallFact {
  /** Called name: 'method' for `x.method(...)` / `method(...)`. */
  name: string;
  /** Receiver text as written ('self', 'self.env["x.y"]', 'requests', ...), '' for a bare call. */
  receiver: string;
  /** Model the receiver resolves to when statically known (self's model, env['x.y']). */
  model?: string;
  range: Range;
}

export interface FunctionFact {
  name: string;
  file: string;
  range: Range;
  /** Class holding the function, if any, and the Odoo model that class defines/extends. */
  className?: string;
  model?: string;
  /** Outbound HTTP calls made directly in the body (requests.get, httpx.post, urlopen, ServerProxy). */
  httpCalls: CallFact[];
  calls: CallFact[];
  /** True when the body hands work to queue_job (`.with_delay(`). */
  delegatesToQueue: boolean;
}

export function extractFunctions(_tree: Tree, _file: string): FunctionFact[] {
  return [];
}
