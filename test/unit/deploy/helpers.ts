import * as fs from 'node:fs';
import * as path from 'node:path';
import type { InputFile } from '../../../server/src/deploy/index';

export const FIXTURES = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures');

/** Every file of a fixture folder (except *.expected), with paths relative to test/fixtures. */
export function loadFixture(name: string): InputFile[] {
  const out: InputFile[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (!e.name.endsWith('.expected')) out.push({ path: path.relative(FIXTURES, p).split(path.sep).join('/'), text: fs.readFileSync(p, 'utf8') });
    }
  };
  walk(path.join(FIXTURES, name));
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

export function readExpected(rel: string): string {
  return fs.readFileSync(path.join(FIXTURES, rel), 'utf8');
}
