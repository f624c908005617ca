/**
 * Large values files edited without building a YAML document of all of them. Most of a large
 * file is a few big bags of user data (annotations, pull secrets, scrape configs, tolerations)
 * that a migration moves whole or leaves alone. Each such subtree is cut out of the text and
 * stands in the document as one marker entry (`hm-splice-0-7: 0`, or `- hm-splice-0-7` for a
 * list); the yaml package parses, edits and prints only this skeleton, and the printed markers
 * are replaced by the original lines, re-indented by how far the key moved.
 *
 * What it may cut is only ever what can be carried as text: a `key:` block of a plain file (see
 * plain-load.ts) reached through map keys only, whose lines keep their comments inside, with no
 * comment around its edges that YAML could hang on another node. Its keys and values are read
 * from the file's data; anything that reaches inside a marker in the document (writing under it,
 * reusing its list items) throws `NeedsDocument`, and the caller parses the whole file instead;
 * so does a marker printed in a shape it was not cut in. A cut subtree keeps the user's own bytes
 * where the document would re-print them; the differential tests hold both paths to the same
 * document.
 */
import type { Document } from 'yaml';
import { getPlain, isPlainMap, type Plain, type PlainMap } from '../core/plain.js';
import { emitPlainYaml } from './emit-plain.js';
import { lineCount } from './line-count.js';
import { plainKeyOf } from './plain-load.js';
import { NeedsDocument } from './plain-values.js';
import type { OutputStyle } from './style.js';

export interface CutOptions {
  /** A block is cut when it has at least this many lines… */
  minLines: number;
  /** …and none of its entries has this many (else its entries are looked at instead). */
  maxEntryLines: number;
  /**
   * Blocks never cut, their entries looked at instead: the chart's own structure, which a
   * migration edits inside (core/chart-structure.ts), where the cut would only make it ask
   * for the whole document.
   */
  keep?: (path: string[]) => boolean;
}

/** Blocks of a few hundred lines: small files go through the document as before. */
export const defaultCut: CutOptions = { minLines: 256, maxEntryLines: 256 };

interface Body {
  /** Offsets of the cut lines in the source: from the start of the first to the end of the last. */
  start: number;
  end: number;
  /** The lines themselves, for a subtree printed here rather than cut (see `printed`). */
  text?: string;
  /** Column of the block's entries where it was cut. */
  indent: number;
  list: boolean;
  /** The block's value, for the tests' check of the document against its data. */
  value: Plain;
}

const BLANK = 0;
const COMMENT = 1;
const CONTENT = 2;

/** Where each line starts and ends, its indentation and kind (typed arrays: a 50 MB file has a million lines). */
class LineIndex {
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly indent: Int32Array;
  readonly kind: Uint8Array;
  readonly count: number;

  constructor(readonly text: string) {
    const n = lineCount(text);
    this.start = new Int32Array(n);
    this.end = new Int32Array(n);
    this.indent = new Int32Array(n);
    this.kind = new Uint8Array(n);
    let pos = 0;
    for (let l = 0; l < n; l++) {
      let e = text.indexOf('\n', pos);
      if (e < 0) e = text.length;
      let i = pos;
      while (i < e && text.charCodeAt(i) === 32) i++;
      this.start[l] = pos;
      this.end[l] = e;
      this.indent[l] = i - pos;
      this.kind[l] = i === e ? BLANK : text.charCodeAt(i) === 35 /* # */ ? COMMENT : CONTENT;
      pos = e + 1;
    }
    // A file ending in a newline has no line after it.
    this.count = text.endsWith('\n') ? n - 1 : n;
  }

  content(l: number): string {
    return this.text.slice(this.start[l] + this.indent[l], this.end[l]);
  }

  isItem(l: number): boolean {
    if (this.kind[l] !== CONTENT) return false;
    const at = this.start[l] + this.indent[l];
    return this.text.charCodeAt(at) === 45 /* - */ && (at + 1 === this.end[l] || this.text.charCodeAt(at + 1) === 32);
  }
}

/**
 * A body's lines moved `shift` columns (right when positive), in parts. Every line that is not
 * blank starts at or right of the entries' column, so `-shift` spaces come off each; lines of
 * spaces only print empty, as the document prints them. Lines end at \n only: YAML 1.2 breaks
 * lines at \n and \r (which plain-load.ts refuses), while a multiline regular expression would
 * also start one after U+2028 or U+2029, which are text.
 *
 * A body is moved a quarter of a megabyte of whole lines at a time and the parts are not joined:
 * over a 10 MB body in one go, the regular expressions' working arrays lived long enough for the
 * young-generation collector to copy them, and each part is large enough to be allocated where
 * that collector never copies.
 */
export function reindent(text: string, shift: number): string[] {
  if (shift === 0) return [text];
  const parts: string[] = [];
  for (let from = 0; from < text.length; ) {
    const to = from + partSize >= text.length ? text.length : text.indexOf('\n', from + partSize) + 1 || text.length;
    parts.push(reindentLines(text.slice(from, to), shift));
    from = to;
  }
  return parts;
}

const partSize = 1 << 18;

/** `reindent` of whole lines (a part starts a line, so ^ and $ of the part are line ends too). */
function reindentLines(text: string, shift: number): string {
  const moved = shift > 0 ? ' '.repeat(shift) + text.replace(/\n/g, `\n${' '.repeat(shift)}`) : text.replace(new RegExp(`(^|\\n) {${-shift}}`, 'g'), '$1');
  return moved.replace(/(^|\n) +(?=\n|$)/g, '$1');
}

/** The cut-out subtrees of one input, shared by every document a migration of it makes. */
export class Splices {
  private readonly bodies: Body[] = [];
  /** What emit-plain.ts made of each value written so far (all documents of a run share one style). */
  private readonly emitted = new WeakMap<object, string | undefined>();
  /** Each printed skeleton's expansion (see `expand`). */
  private readonly expanded = new Map<string, readonly string[]>();
  private readonly prefix: string;
  private readonly marker: RegExp;

  private constructor(private readonly source: string) {
    let nonce = 0;
    while (source.includes(`hm-splice-${nonce}-`)) nonce++;
    this.prefix = `hm-splice-${nonce}-`;
    this.marker = new RegExp(`^( *)(- )?${this.prefix}(\\d+)(: 0)?$`, 'gm');
  }

  /**
   * The skeleton of `text` (its data is `plain`, as plain-load.ts read it) and the subtrees cut
   * out of it; undefined when nothing is worth cutting.
   */
  static cut(text: string, plain: PlainMap, opts: CutOptions = defaultCut): { skeleton: string; splices: Splices } | undefined {
    const lines = new LineIndex(text);
    const splices = new Splices(text);
    const pieces: string[] = [];
    let copiedTo = 0;
    // The open blocks above the current line: indentation, and the key when reached by keys only.
    const stack: { indent: number; key: string | undefined }[] = [];
    for (let l = 0; l < lines.count; l++) {
      if (lines.kind[l] !== CONTENT) continue;
      const indent = lines.indent[l];
      while (stack.length && stack[stack.length - 1].indent >= indent) stack.pop();
      const byKeys = stack.every((s) => s.key !== undefined);
      const key = byKeys && !lines.isItem(l) ? opening(lines.content(l)) : undefined;
      if (key !== undefined) {
        const path = [...stack.map((s) => s.key!), key];
        const body = opts.keep?.(path) ? undefined : blockAfter(lines, l, opts);
        if (body) {
          const id = splices.bodies.length;
          const first = body.from;
          const list = lines.isItem(first);
          splices.bodies.push({ start: lines.start[first], end: lines.end[body.to - 1], indent: lines.indent[first], list, value: getPlain(plain, path) ?? null });
          pieces.push(text.slice(copiedTo, lines.start[first]));
          pieces.push(`${' '.repeat(lines.indent[first])}${list ? '- ' : ''}${splices.prefix}${id}${list ? '' : ': 0'}`);
          copiedTo = lines.end[body.to - 1];
          l = body.to - 1;
          continue;
        }
      }
      // Below a list item nothing is cut: markers stand only where a path of keys leads.
      stack.push({ indent, key: byKeys && !lines.isItem(l) ? (key ?? plainKeyOf(lines.content(l))?.key) : undefined });
    }
    if (!splices.bodies.length) return undefined;
    pieces.push(text.slice(copiedTo));
    return { skeleton: pieces.join(''), splices };
  }

  private id(node: unknown): number | undefined {
    const text = typeof node === 'string' ? node : undefined;
    if (!text?.startsWith(this.prefix)) return undefined;
    const id = Number(text.slice(this.prefix.length));
    return Number.isInteger(id) && id < this.bodies.length ? id : undefined;
  }

  /** The body a document node stands for: a map with only a marker key, or a list with only a marker item. */
  bodyOf(node: unknown): number | undefined {
    const items = (node as { items?: unknown[] } | null)?.items;
    if (!Array.isArray(items) || items.length !== 1) return undefined;
    const item = items[0] as { key?: { value?: unknown }; value?: unknown };
    return this.id(item?.key?.value ?? item?.value);
  }

  /** Throws `NeedsDocument` when `node` is a cut subtree: the caller was about to look inside it. */
  assertOpen(node: unknown): void {
    if (this.bodyOf(node) !== undefined) throw new NeedsDocument();
  }

  /**
   * From the printed skeleton to the full text, in parts: each marker line becomes its subtree's
   * lines, re-indented. The parts are not joined here: on a 50 MB file, copying them into one
   * string cost more than half a second, and a file can be written from them as they are. The
   * same skeleton always expands the same (a body never changes once cut or printed), and a run
   * prints each output more than once (to check it, then to write it), so each expansion is kept.
   */
  expand(printed: string): readonly string[] {
    const known = this.expanded.get(printed);
    if (known !== undefined) return known;
    const used = new Set<number>();
    const parts: string[] = [];
    // A marker the pattern missed (a comment printed after it, say) must never reach a file. Only
    // the printer's own text can hold one: the bodies are the file's lines, which hold no marker
    // (the prefix is chosen so), or printed from its values.
    const printer = (text: string) => {
      if (text.includes(this.prefix)) throw new NeedsDocument();
      return text;
    };
    let copied = 0;
    for (const m of printed.matchAll(this.marker)) {
      const [line, indent, dash, digits, colon] = m;
      const id = Number(digits);
      const body = this.bodies[id];
      // A marker printed in another shape than it was cut in, or twice: the document must decide.
      if (!body || used.has(id) || body.list !== Boolean(dash) || body.list === Boolean(colon)) throw new NeedsDocument();
      used.add(id);
      const text = body.text ?? this.source.slice(body.start, body.end);
      parts.push(printer(printed.slice(copied, m.index)), ...reindent(text, indent.length - body.indent));
      copied = m.index + line.length;
    }
    parts.push(printer(printed.slice(copied)));
    this.expanded.set(printed, parts);
    return parts;
  }

  /**
   * A marker node for a large map or list a migration writes (a copy of a cut subtree, say),
   * printed by emit-plain.ts instead of as document nodes; undefined when small or when that
   * printer is not sure to print it as the yaml package would.
   */
  printed(value: Plain, style: OutputStyle, doc: Document): unknown {
    if (!(Array.isArray(value) || isPlainMap(value)) || !atLeast(value, 64)) return undefined;
    // A value copied into several charts (tolerations into each viz component) is printed once.
    let text = this.emitted.get(value);
    if (text === undefined && !this.emitted.has(value)) {
      text = emitPlainYaml(value, style);
      this.emitted.set(value, text);
    }
    if (text === undefined) return undefined;
    const id = this.bodies.length;
    const list = Array.isArray(value);
    this.bodies.push({ start: 0, end: 0, text, indent: 0, list, value });
    return doc.createNode(list ? [`${this.prefix}${id}`] : { [`${this.prefix}${id}`]: 0 });
  }

  /** Plain data of a printed-as-skeleton document with each marker replaced by its subtree's value. */
  inflate(data: Plain): Plain {
    if (data === null || typeof data !== 'object') return data;
    if (Array.isArray(data)) {
      const id = data.length === 1 ? this.id(data[0]) : undefined;
      return id !== undefined && this.bodies[id].list ? this.bodies[id].value : data.map((v) => this.inflate(v));
    }
    const keys = Object.keys(data);
    const id = keys.length === 1 ? this.id(keys[0]) : undefined;
    if (id !== undefined && !this.bodies[id].list) return this.bodies[id].value;
    const out: PlainMap = {};
    for (const k of keys) out[k] = this.inflate(data[k]);
    return out;
  }

  get size(): number {
    return this.bodies.length;
  }
}

/** Whether `value` holds at least `n` entries, counted down to its leaves (stops counting at `n`). */
function atLeast(value: Plain, n: number): boolean {
  let seen = 0;
  const walk = (v: Plain): boolean => {
    if (Array.isArray(v)) return v.some(walk);
    if (isPlainMap(v)) return Object.values(v).some(walk);
    return ++seen >= n;
  };
  return walk(value);
}

/** The key of a `key:` line that opens a block (nothing after the colon, no comment). */
function opening(content: string): string | undefined {
  if (!content.endsWith(':') || content.includes(' #')) return undefined;
  const kv = plainKeyOf(content);
  return kv && kv.rest === '' ? kv.key : undefined;
}

/**
 * The lines of the block under the `key:` at line `l`, when they can be carried as text: the
 * block starts right below the key (no blank or comment line first), every comment inside it is
 * at least as deep as its entries (YAML hangs a shallower one on the entry after it, and the
 * document would re-indent it), no comment deeper than the key follows it (YAML would hang that
 * on the block's last node), and it is big enough with no entry too big (see `CutOptions`).
 */
function blockAfter(lines: LineIndex, l: number, opts: CutOptions): { from: number; to: number } | undefined {
  const from = l + 1;
  if (from >= lines.count || lines.kind[from] !== CONTENT) return undefined;
  const keyIndent = lines.indent[l];
  const entryIndent = lines.indent[from];
  const list = lines.isItem(from);
  if (entryIndent < keyIndent || (entryIndent === keyIndent && !list)) return undefined;
  let last = from;
  let entryStart = from;
  let biggest = 0;
  let shallowComment = false;
  let m = from;
  for (; m < lines.count; m++) {
    const kind = lines.kind[m];
    if (kind === BLANK) continue;
    const indent = lines.indent[m];
    if (kind === COMMENT) {
      if (indent < entryIndent) shallowComment = true;
      continue;
    }
    const inside = indent > keyIndent || (list && indent === keyIndent && lines.isItem(m));
    if (!inside) break;
    if (shallowComment) return undefined;
    // An entry starts at the entries' column; in a map, a `- ` there is a list under the key before.
    if (indent === entryIndent && list === lines.isItem(m)) {
      biggest = Math.max(biggest, m - entryStart);
      entryStart = m;
    }
    last = m;
  }
  biggest = Math.max(biggest, last + 1 - entryStart);
  for (let t = last + 1; t < m; t++) if (lines.kind[t] === COMMENT && lines.indent[t] > keyIndent) return undefined;
  const size = last + 1 - from;
  if (size < opts.minLines || biggest >= opts.maxEntryLines) return undefined;
  return { from, to: last + 1 };
}
