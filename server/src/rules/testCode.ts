// Test code is not linted by default (odooPerf.lintTests): a search in a test's loop or a
// create(vals) per iteration in setUp costs nothing in production, and flagging it buries the
// findings that matter. Test code = files under a `tests/` folder of an addon, and classes
// deriving from Odoo's test cases wherever they are.
import * as path from 'node:path';
import type { Tree } from '../parse/parser';
import type { Addon } from '../odoo/workspace';
import type { Range } from './types';

/** The file lies in a `tests` folder inside its addon (outside an addon only its classes tell). */
export function isTestFile(file: string, addon: Addon | undefined): boolean {
  if (!addon) return false;
  const rel = path.relative(addon.dir, path.resolve(file));
  return rel.split(/[\\/]/).slice(0, -1).includes('tests');
}

// TransactionCase, SavepointCase, SingleTransactionCase, HttpCase, common.TransactionCase,
// odoo.tests.common.HttpCase, and addon base classes named like them (TestXCommon(...Case)).
const TEST_BASE = /(^|\.)(\w*TransactionCase|SavepointCase|HttpCase|\w*Case)$/;

/** Ranges of module-level classes deriving from a test case. */
export function testClassRanges(tree: Tree): Range[] {
  const out: Range[] = [];
  for (const top of tree.rootNode.namedChildren) {
    const cls = top?.type === 'decorated_definition' ? top.childForFieldName('definition') : top;
    if (cls?.type !== 'class_definition') continue;
    const bases = cls.childForFieldName('superclasses')?.namedChildren ?? [];
    if (!bases.some((b) => !!b && b.type !== 'keyword_argument' && TEST_BASE.test(b.text.replace(/\s+/g, '')))) continue;
    out.push({ start: { line: cls.startPosition.row, character: 0 }, end: { line: cls.endPosition.row, character: cls.endPosition.column } });
  }
  return out;
}

export function insideAny(range: Range, ranges: Range[]): boolean {
  return ranges.some((r) => range.start.line >= r.start.line && range.start.line <= r.end.line);
}
