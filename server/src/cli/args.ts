// Command-line parsing for `odoo-perf lint`. Hand-written (no dependency): long options with
// `--opt value` or `--opt=value`, short aliases, `--` ends options.
export type Format = 'text' | 'json' | 'sarif';
export const FORMATS: Format[] = ['text', 'json', 'sarif'];

export interface LintArgs {
  paths: string[];
  format: Format;
  odooVersion?: string;
  select: string[];
  ignore: string[];
  output?: string;
  help: boolean;
  /** --fix: apply the safe quick fixes on disk. */
  fix?: boolean;
}

export class UsageError extends Error {}

const VALUE_OPTIONS: Record<string, string> = {
  '--format': 'format', '-f': 'format',
  '--odoo-version': 'odooVersion',
  '--select': 'select',
  '--ignore': 'ignore',
  '--output': 'output', '-o': 'output',
};

function splitCodes(value: string): string[] {
  return value.split(',').map((c) => c.trim()).filter(Boolean);
}

export function parseLintArgs(argv: string[]): LintArgs {
  const args: LintArgs = { paths: [], format: 'text', select: [], ignore: [], help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      args.paths.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') {
      args.help = true;
      continue;
    }
    if (arg === '--fix') {
      args.fix = true;
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      args.paths.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const key = VALUE_OPTIONS[flag];
    if (!key) throw new UsageError(`unknown option: ${flag}`);
    let value: string;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      if (i + 1 >= argv.length) throw new UsageError(`${flag} needs a value`);
      value = argv[++i];
    }
    switch (key) {
      case 'format':
        if (!FORMATS.includes(value as Format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${value}")`);
        args.format = value as Format;
        break;
      case 'odooVersion':
        if (!/^(saas~)?\d+(\.\d+)*$/.test(value)) throw new UsageError(`--odoo-version expects a version such as 17.0 (got "${value}")`);
        args.odooVersion = value;
        break;
      case 'select':
        args.select.push(...splitCodes(value));
        break;
      case 'ignore':
        args.ignore.push(...splitCodes(value));
        break;
      case 'output':
        if (!value) throw new UsageError('--output needs a file name');
        args.output = value;
        break;
    }
  }
  return args;
}
