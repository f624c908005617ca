/**
 * Values paths. A path is a list of map keys; its text form joins them with dots and quotes a
 * key that itself contains a dot or a quote (`prometheus.args."log.level"`,
 * `nodeSelector."kubernetes.io/os"`), the way Helm users already write them.
 */
export type Path = readonly string[];

const needsQuotes = /[."\s]|^$/;

export function formatPath(path: Path): string {
  return path.map((k) => (needsQuotes.test(k) ? JSON.stringify(k) : k)).join('.');
}

/** Parses `a.b."c.d"` into `['a', 'b', 'c.d']`. Throws on an unterminated quote. */
export function parsePath(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      let j = i + 1;
      let key = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < text.length) j++;
        key += text[j++];
      }
      if (j >= text.length) throw new Error(`unterminated quote in path ${text}`);
      out.push(key);
      i = j + 1;
    } else {
      let j = text.indexOf('.', i);
      if (j < 0) j = text.length;
      out.push(text.slice(i, j));
      i = j;
      if (text[j] === '.' && j + 1 === text.length) throw new Error(`path ends with a dot: ${text}`);
    }
    if (text[i] === '.') i++;
    else if (i < text.length) throw new Error(`unexpected character after quoted key in ${text}`);
  }
  return out;
}

/** A chart-qualified target: `addon:dashboard.image` or a bare path (same chart). */
export interface PathRef {
  chart?: string;
  path: string[];
}

export function parsePathRef(text: string): PathRef {
  const colon = text.indexOf(':');
  // A chart name never contains a dot or a quote, so a colon after either belongs to the path.
  if (colon > 0 && !/[."]/.test(text.slice(0, colon))) {
    return { chart: text.slice(0, colon), path: parsePath(text.slice(colon + 1)) };
  }
  return { path: parsePath(text) };
}

export function formatPathRef(ref: PathRef): string {
  return ref.chart ? `${ref.chart}:${formatPath(ref.path)}` : formatPath(ref.path);
}

export function isPrefix(prefix: Path, path: Path): boolean {
  if (prefix.length > path.length) return false;
  return prefix.every((k, i) => path[i] === k);
}
