/**
 * The one way helm-migrate talks to people: stderr, optionally coloured. stdout is reserved for
 * data (YAML, JSON, plans), so nothing here writes to it. Every line passes through a scrubber
 * that replaces known secret strings, a last line of defence behind redaction at the source.
 */
export interface Output {
  write(text: string): void;
  isTTY?: boolean;
}

export interface Logger {
  readonly color: boolean;
  info(line: string): void;
  warn(line: string): void;
  error(line: string): void;
  raw(text: string): void;
  /** Strings that must never be printed (issuer keys found in the input, say). */
  addSecrets(secrets: Iterable<string>): void;
}

export interface Styles {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  cyan(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const plainStyles: Styles = { bold: (s) => s, dim: (s) => s, red: (s) => s, yellow: (s) => s, green: (s) => s, cyan: (s) => s };
const ansiStyles: Styles = { bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), yellow: wrap(33, 39), green: wrap(32, 39), cyan: wrap(36, 39) };

export function styles(color: boolean): Styles {
  return color ? ansiStyles : plainStyles;
}

/** Colour when writing to a terminal, unless NO_COLOR is set (any value) or --no-color was given. */
export function wantsColor(out: Output, env: NodeJS.ProcessEnv, noColorFlag: boolean): boolean {
  if (noColorFlag || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true;
  return Boolean(out.isTTY);
}

export function createLogger(err: Output, color: boolean): Logger {
  const secrets = new Set<string>();
  const s = styles(color);
  const scrub = (text: string) => {
    let out = text;
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join('(redacted)');
    return out;
  };
  return {
    color,
    info: (line) => err.write(`${scrub(line)}\n`),
    warn: (line) => err.write(`${s.yellow('warning:')} ${scrub(line)}\n`),
    error: (line) => err.write(`${s.red('helm-migrate:')} ${scrub(line)}\n`),
    raw: (text) => err.write(scrub(text)),
    addSecrets: (list) => {
      for (const x of list) if (x.length >= 8) secrets.add(x);
    },
  };
}
