// Compose splits a string `command:` the way a POSIX shell would (shlex); the tokens keep their
// offsets in the string so that a tuned value can be replaced in place without rewriting the rest
// of the command (which may carry a password).

export interface ShellToken { value: string; start: number; end: number }

export function shellSplit(s: string): ShellToken[] {
  const out: ShellToken[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i])) i++;
    if (i >= s.length) break;
    const start = i;
    let value = '';
    while (i < s.length && !/\s/.test(s[i])) {
      const c = s[i];
      if (c === "'") {
        const j = s.indexOf("'", i + 1);
        const end = j < 0 ? s.length : j;
        value += s.slice(i + 1, end);
        i = end + 1;
      } else if (c === '"') {
        i++;
        while (i < s.length && s[i] !== '"') {
          if (s[i] === '\\' && i + 1 < s.length) i++;
          value += s[i++];
        }
        i++;
      } else if (c === '\\' && i + 1 < s.length) {
        value += s[i + 1];
        i += 2;
      } else {
        value += c;
        i++;
      }
    }
    out.push({ value, start, end: Math.min(i, s.length) });
  }
  return out;
}

/** Quotes an argument for a command string only when the shell would split or expand it. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
