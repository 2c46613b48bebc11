// Hover: query-cost estimates (server/src/cost/) on ORM calls, loop headers and method names, and
// index/query evidence on field definitions. Returns null on anything that does no database work
// (re.search, dict.get, plain Python), so the hover never adds noise.
import type { Hover, HoverParams } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { cachedEstimate, enclosingFunction, factsForWorkspace, siteAt } from '../cost/sites';
import type { WorkspaceModel } from '../odoo/workspace';
import type { ParsedDocuments } from '../parse/documents';
import type { Node } from '../parse/parser';
import type { Settings } from '../config';
import { DEFAULT_ASSUMED_RECORD_COUNT } from '../config';
import { callHover, functionHover, hoverNs, loopHover } from './hoverCost';
import { fieldAt, fieldHover } from './hoverField';
import { uriToPath } from './settings';
import { MAX_SOURCE_BYTES } from '../fs/walk';

export interface HoverHost {
  parsed: ParsedDocuments;
  workspace(): WorkspaceModel | undefined;
  settingsFor(file: string | undefined): Settings;
  /** Workspace folder paths (locations in field hovers are shown relative to them). */
  roots(): string[];
}


function isPython(document: TextDocument): boolean {
  return document.languageId === 'python' || /\.pyi?$/i.test(document.uri);
}

function markdown(value: string, node: Node): Hover {
  return {
    contents: { kind: 'markdown', value },
    range: {
      start: { line: node.startPosition.row, character: node.startPosition.column },
      end: { line: node.endPosition.row, character: node.endPosition.column },
    },
  };
}

export function provideHover(document: TextDocument, params: HoverParams, host?: HoverHost): Hover | null {
  if (!host || !isPython(document)) return null;
  const text = document.getText();
  if (text.length > MAX_SOURCE_BYTES) return null;
  const tree = host.parsed.tree(document.uri, text, document.version);
  const point = { row: params.position.line, column: params.position.character };
  const node = tree.rootNode.descendantForPosition(point);
  if (!node) return null;
  const ws = host.workspace();
  const file = uriToPath(document.uri);

  const field = fieldAt(node);
  if (field) return ws ? markdown(fieldHover(field, ws, host.roots()), node) : null;

  const fn = enclosingFunction(node);
  if (!fn) return null;
  const assumed = host.settingsFor(file).assumedRecordCount ?? DEFAULT_ASSUMED_RECORD_COUNT;
  // The workspace index (fields of every addon) under the file's own classes (depends, methods).
  const facts = ws ? factsForWorkspace(ws) : undefined;
  const est = cachedEstimate(fn, { facts, options: { assumedRecordCount: assumed } });
  const site = siteAt(est, node);
  if (!site) return null;
  const ns = hoverNs(assumed);
  const value = site.scope === 'function' ? functionHover(est, ns) : site.scope === 'loop' ? loopHover(site, est, ns) : callHover(site, est, ns);
  if (!value) return null;
  const anchor = site.scope === 'function' ? est.node.childForFieldName('name') ?? node : site.scope === 'loop' ? node : site.node;
  return markdown(value, anchor);
}
