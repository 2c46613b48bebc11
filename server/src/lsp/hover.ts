// Hover hook (query-cost estimates from server/src/cost/ come here). Registered now so clients
// route hovers to us; returns nothing until the cost model lands.
import type { Hover, HoverParams } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';

export function provideHover(_document: TextDocument, _params: HoverParams): Hover | null {
  return null;
}
