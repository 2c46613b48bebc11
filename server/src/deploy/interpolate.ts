// Compose variable interpolation: `${VAR}`, `$VAR`, `${VAR:-default}`, `${VAR-default}`,
// `${VAR:+alt}`, `${VAR+alt}`, `${VAR:?err}`, `${VAR?err}` and `$$`, with the variables of the
// `.env` file next to the compose file (Compose's default env file). The shell environment of
// whoever runs Compose is not known to the audit: a variable neither `.env` nor a default gives
// keeps its literal text (Compose would substitute an empty string with a warning), so a finding
// never rests on a guessed value. Never throws.

export type EnvVars = Map<string, string>;

/** Parses a `.env` file: KEY=VALUE lines, `export` prefix, '#' comments, single/double quotes. */
export function parseDotEnv(text: string): EnvVars {
  const vars: EnvVars = new Map();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2];
    if (value.startsWith('"')) {
      const end = closingQuote(value, '"');
      value = value.slice(1, end < 0 ? undefined : end).replace(/\\(["\\$])/g, '$1').replace(/\\n/g, '\n').replace(/\\t/g, '\t');
    } else if (value.startsWith("'")) {
      const end = value.indexOf("'", 1);
      value = value.slice(1, end < 0 ? undefined : end);
    } else {
      // An unquoted value ends at an inline comment (whitespace then '#').
      value = value.replace(/\s+#.*$/, '').trim();
    }
    vars.set(m[1], value);
  }
  return vars;
}

function closingQuote(s: string, q: string): number {
  for (let i = 1; i < s.length; i++) {
    if (s[i] === '\\') { i++; continue; }
    if (s[i] === q) return i;
  }
  return -1;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Index of the `}` closing the `${` that starts at `open` (nested `${...}` in defaults), or -1. */
function closingBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '$' && s[i + 1] === '{') { depth++; i++; continue; }
    if (s[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** Interpolates one scalar of a compose file. `vars` undefined: the text is returned as is. */
export function interpolate(text: string, vars: EnvVars | undefined, depth = 0): string {
  if (!vars || !text.includes('$') || depth > 8) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c !== '$') { out += c; i++; continue; }
    const next = text[i + 1];
    if (next === '$') { out += '$'; i += 2; continue; }
    if (next === '{') {
      const end = closingBrace(text, i);
      if (end < 0) { out += text.slice(i); break; }
      out += expand(text.slice(i + 2, end), text.slice(i, end + 1), vars, depth);
      i = end + 1;
      continue;
    }
    const name = NAME.exec(text.slice(i + 1));
    if (name) {
      const v = vars.get(name[0]);
      out += v ?? `$${name[0]}`;
      i += 1 + name[0].length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** One `${...}` body: NAME, then an optional operator and its word. */
function expand(body: string, literal: string, vars: EnvVars, depth: number): string {
  const name = NAME.exec(body)?.[0];
  if (!name) return literal;
  const rest = body.slice(name.length);
  const value = vars.get(name);
  const set = value !== undefined;
  const nonEmpty = set && value !== '';
  if (rest === '') return set ? value : literal;
  const op = /^(:-|-|:\+|\+|:\?|\?)/.exec(rest)?.[0];
  if (!op) return literal;
  const word = rest.slice(op.length);
  switch (op) {
    case ':-': return nonEmpty ? value : interpolate(word, vars, depth + 1);
    case '-': return set ? value : interpolate(word, vars, depth + 1);
    case ':+': return nonEmpty ? interpolate(word, vars, depth + 1) : '';
    case '+': return set ? interpolate(word, vars, depth + 1) : '';
    // Required variables: Compose stops with the message; the audit keeps the literal.
    default: return (op === ':?' ? nonEmpty : set) ? value! : literal;
  }
}
