/**
 * Block YAML for plain data, exactly as the yaml package prints it in a document of the given
 * style, for the part of the language where that is easy to be sure of: maps and lists (no list
 * directly in a list), integers, booleans, null, and text that needs no quotes. Anything else
 * gives undefined and the caller lets the yaml package print it. A large subtree a migration
 * copies (a pull-secret list into each chart of a split) is printed here in a few milliseconds
 * instead of the seconds the document takes; the tests compare both printers.
 */
import { isEmptyMap, isPlainMap, type Plain, type PlainMap } from '../core/plain.js';
import { readsAsText } from './plain-load.js';
import type { OutputStyle } from './style.js';

class Unsure extends Error {}

/** Text that is plain in any position: a letter, `_` or `/` first, no indicator, `: ` or ` #`, no space or `:` last. */
const safeText = /^[A-Za-z_/][A-Za-z0-9_./ =@+:-]*$/;
const isSafe = (s: string) => safeText.test(s) && !s.includes(': ') && !s.endsWith(' ') && !s.endsWith(':') && readsAsText(s);

function scalar(v: Plain): string {
  if (v === null) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'number' && Number.isSafeInteger(v) && !Object.is(v, -0)) return String(v);
  if (typeof v === 'string' && isSafe(v)) return v;
  throw new Unsure();
}

function key(k: string): string {
  if (isSafe(k)) return k;
  throw new Unsure();
}

function isEmpty(v: Plain): boolean {
  return Array.isArray(v) ? v.length === 0 : isPlainMap(v) && isEmptyMap(v);
}

/**
 * Lines joined a few thousand at a time. A large subtree has hundreds of thousands of lines;
 * held one string each until the end, they were copied by every young-generation collection
 * (most of the time of printing a 50 MB file's copies).
 */
class Sink {
  readonly chunks: string[] = [];
  private lines: string[] = [];

  line(text: string): void {
    this.lines.push(text);
    if (this.lines.length === 4096) this.flush();
  }

  flush(): void {
    if (this.lines.length) this.chunks.push(this.lines.join('\n'));
    this.lines = [];
  }
}

/**
 * Lines of `value` (a non-empty map or list) with its entries at column `at`; the first line
 * starts with `first` instead of the indent (a map that is a list item starts after its dash).
 */
function emit(value: Plain, at: number, style: OutputStyle, out: Sink, first?: string): void {
  const pad = ' '.repeat(at);
  let lead = first ?? pad;
  if (Array.isArray(value)) {
    for (const item of value) {
      if (Array.isArray(item) && item.length) throw new Unsure();
      // `- first: 1` then the map's other keys two columns in, under `first`.
      if (isPlainMap(item) && !isEmpty(item)) emit(item, at + 2, style, out, `${lead}- `);
      else out.line(`${lead}- ${isEmpty(item) ? (Array.isArray(item) ? '[]' : '{}') : scalar(item)}`);
      lead = pad;
    }
    return;
  }
  const map = value as PlainMap;
  // for…in rather than Object.entries: on a map of 100,000 annotations, a pair per key all at
  // once lived long enough to be copied by the collector (twice the time).
  for (const k in map) {
    if (!Object.prototype.hasOwnProperty.call(map, k)) continue;
    entry(k, map[k], lead, at, style, out);
    lead = pad;
  }
}

/** One `key: value` of a map, its first line starting with `lead`. */
function entry(k: string, v: Plain, lead: string, at: number, style: OutputStyle, out: Sink): void {
  if (isEmpty(v)) out.line(`${lead}${key(k)}: ${Array.isArray(v) ? '[]' : '{}'}`);
  else if (Array.isArray(v)) {
    out.line(`${lead}${key(k)}:`);
    emit(v, at + (style.indentSeq ? style.indent : style.indent - 2), style, out);
  } else if (isPlainMap(v)) {
    out.line(`${lead}${key(k)}:`);
    emit(v, at + style.indent, style, out);
  } else out.line(`${lead}${key(k)}: ${scalar(v)}`);
}

/** `value` as block YAML with its entries at column 0, or undefined when not sure to print it as yaml would. */
export function emitPlainYaml(value: PlainMap | Plain[], style: OutputStyle): string | undefined {
  if (isEmpty(value)) return undefined;
  const out = new Sink();
  try {
    emit(value, 0, style, out);
  } catch (err) {
    if (err instanceof Unsure) return undefined;
    throw err;
  }
  out.flush();
  return out.chunks.join('\n');
}
