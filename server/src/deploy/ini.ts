// A tolerant reader for Odoo's config file that follows Python's configparser.RawConfigParser as
// Odoo uses it (odoo/tools/config.py): full-line comments start with '#' or ';', there are NO
// inline comments (`workers = 4  # comment` gives the value "4  # comment", which Odoo's int cast
// then refuses at start-up), option names are lower-cased, indented lines continue the previous
// value, and a duplicate option or a line outside any section aborts Odoo's start-up. Instead of
// raising, every problem is recorded with its line and reading goes on.

export interface IniEntry {
  section: string;
  key: string;
  /** Value as configparser returns it (continuation lines joined with '\n'). */
  value: string;
  line: number;
  keyStart: number;
  keyEnd: number;
  /** Column span of the value on its first line. */
  valueStart: number;
  valueEnd: number;
  /** Last line of the entry (continuations included). */
  endLine: number;
}

export interface IniSection { name: string; line: number; endLine: number }

export interface IniProblem { line: number; character: number; endCharacter: number; message: string }

export interface IniDoc {
  lines: string[];
  entries: IniEntry[];
  sections: IniSection[];
  problems: IniProblem[];
  /** True when the text has CRLF line ends (kept by the editor). */
  crlf: boolean;
}

export function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

function isComment(stripped: string): boolean {
  return stripped.startsWith('#') || stripped.startsWith(';');
}

export function parseIni(text: string): IniDoc {
  const lines = splitLines(text);
  const doc: IniDoc = { lines, entries: [], sections: [], problems: [], crlf: /\r\n/.test(text) };
  let section: IniSection | undefined;
  let last: IniEntry | undefined;
  let lastIndent = 0;
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    const stripped = line.trim();
    if (stripped === '' || isComment(stripped)) {
      if (stripped === '') last = undefined; // configparser: a blank line ends a multi-line value
      return;
    }
    const indent = line.length - line.trimStart().length;
    if (last && indent > lastIndent) {
      last.value += '\n' + stripped;
      last.endLine = i;
      return;
    }
    const header = /^\[(.+)\]$/.exec(stripped);
    if (header) {
      if (section) section.endLine = i - 1;
      const name = header[1];
      if (doc.sections.some((s) => s.name === name)) {
        doc.problems.push({ line: i, character: indent, endCharacter: line.length, message: `section [${name}] appears twice; Odoo's config parser refuses the file` });
      }
      section = { name, line: i, endLine: lines.length - 1 };
      doc.sections.push(section);
      last = undefined;
      return;
    }
    const opt = /^(.*?)\s*([=:])\s*(.*)$/.exec(line.slice(indent));
    if (!opt || opt[1] === '') {
      doc.problems.push({ line: i, character: indent, endCharacter: line.length, message: 'line is neither `key = value`, a [section] nor a comment; Odoo\'s config parser refuses the file' });
      last = undefined;
      return;
    }
    if (!section) {
      doc.problems.push({ line: i, character: indent, endCharacter: line.length, message: 'option before any [section] header; Odoo\'s config parser refuses the file (expected [options] first)' });
      last = undefined;
      return;
    }
    const rawKey = opt[1];
    const key = rawKey.toLowerCase();
    const keyStart = indent;
    const keyEnd = indent + rawKey.length;
    const valueText = opt[3].replace(/\s+$/, '');
    const valueStart = line.length - opt[3].length;
    const dupKey = `${section.name}\u0000${key}`;
    if (seen.has(dupKey)) {
      doc.problems.push({ line: i, character: keyStart, endCharacter: keyEnd, message: `option ${key} appears twice in [${section.name}]; Odoo's config parser refuses the file` });
    }
    seen.add(dupKey);
    last = { section: section.name, key, value: valueText, line: i, keyStart, keyEnd, valueStart, valueEnd: valueStart + valueText.length, endLine: i };
    lastIndent = indent;
    doc.entries.push(last);
  });
  return doc;
}

/** The last entry for key in section (configparser keeps one value per key). */
export function iniGet(doc: IniDoc, section: string, key: string): IniEntry | undefined {
  for (let i = doc.entries.length - 1; i >= 0; i--) {
    const e = doc.entries[i];
    if (e.section === section && e.key === key) return e;
  }
  return undefined;
}

/** Odoo's config loader turns only 'True'/'true' and 'False'/'false' into booleans; any other
 *  non-empty string (even "0" or "no") stays a string and is therefore truthy. */
export function odooTruthy(value: string): boolean {
  if (value === 'False' || value === 'false' || value === '') return false;
  return true;
}
