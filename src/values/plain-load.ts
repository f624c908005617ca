/**
 * A fast reader for the plain YAML most values files are: block maps and lists, one-line
 * scalars (plain, or quoted with JSON's escapes), comments, and flow collections on one line.
 * Anything else (anchors, tags, block or multi-line scalars or flow collections, merge keys, tabs,
 * CRLF, several documents, a duplicate key, a key that is not text) makes it give up and return
 * undefined, and the caller parses the file with the yaml package as before. Scalars resolve
 * through the yaml package's own tags under the same schema, so a value reads the same either
 * way; the differential tests hold it to that.
 */
import { Document, isScalar } from 'yaml';
import type { Plain, PlainMap } from '../core/plain.js';
import { lineCount } from './line-count.js';
import { parseOptions } from './yaml-values.js';

/** Thrown inside the reader to give up; never escapes it. */
class NotPlain extends Error {}
const giveUp = (): never => {
  throw new NotPlain();
};

/**
 * A file's content lines, as offsets into its text rather than a string (or an object) per line.
 * The lines live as long as the read; a 50 MB file has some two million, and holding them as
 * strings made every young-generation collection copy them (most of the reader's time there).
 */
class Lines {
  /** The column each line's text starts at. */
  readonly indent: Int32Array;
  /** Where each line's content starts and ends: after the indentation, without a trailing comment or spaces. */
  readonly start: Int32Array;
  readonly end: Int32Array;
  count = 0;

  constructor(readonly source: string) {
    const n = lineCount(source);
    this.indent = new Int32Array(n);
    this.start = new Int32Array(n);
    this.end = new Int32Array(n);
  }

  /** Line `i`'s content. */
  text(i: number): string {
    return this.source.slice(this.start[i], this.end[i]);
  }

  /** Whether line `i` is a list item (`isItem` of its text, read off the source). */
  isItem(i: number): boolean {
    const at = this.start[i];
    return this.source.charCodeAt(at) === 45 /* - */ && (this.end[i] - at === 1 || this.source.charCodeAt(at + 1) === 32);
  }
}

/** `-` or `- …`: a list item. */
const isItem = (t: string) => t.charCodeAt(0) === 45 /* - */ && (t.length === 1 || t.charCodeAt(1) === 32);

type Tag = { default?: boolean | 'key'; test?: RegExp; resolve: (s: string, onError: (m: string) => void, o: unknown) => unknown };
let schema: { tags: Tag[]; options: unknown; anyValueTag?: RegExp; anyKeyTag?: RegExp } | undefined;

/**
 * One regular expression that matches where any of `tags`' tests does, so that most scalars (text
 * no tag claims) are told apart in one test instead of one per tag (thirteen in YAML 1.1). Built
 * only when every test is anchored at the start and has no flags: then each alternative, and so
 * the sticky union, can only match from the first character, exactly as the tests one by one.
 */
function unionOf(tags: Tag[]): RegExp | undefined {
  const tests = tags.map((t) => t.test).filter((t): t is RegExp => t !== undefined);
  if (!tests.every((t) => t.flags === '' && t.source.startsWith('^'))) return undefined;
  return new RegExp(tests.map((t) => `(?:${t.source})`).join('|'), 'y');
}

/** Keys repeat (name, key, value…): each text is resolved once per read. */
let keyMemo = new Map<string, Plain>();

/** A plain scalar as the yaml package reads it under the values schema (a key: text only). */
function resolvePlain(source: string, atKey: boolean): Plain {
  if (atKey) {
    const known = keyMemo.get(source);
    if (known !== undefined) return known;
  }
  schema ??= (() => {
    const doc = new Document(null, parseOptions);
    const tags = doc.schema.tags as unknown as Tag[];
    return { tags, options: doc.options, anyValueTag: unionOf(tags.filter((t) => t.default === true)), anyKeyTag: unionOf(tags.filter((t) => t.default === true || t.default === 'key')) };
  })();
  const any = atKey ? schema.anyKeyTag : schema.anyValueTag;
  if (any) {
    any.lastIndex = 0;
    if (!any.test(source)) return source;
  }
  const tag = schema.tags.find((t) => (t.default === true || (atKey && t.default === 'key')) && t.test?.test(source));
  if (!tag) return source;
  let failed = false;
  const res = tag.resolve(source, () => (failed = true), schema.options);
  const value = isScalar(res) ? res.value : res;
  if (failed || (atKey && typeof value !== 'string')) giveUp();
  if (value !== null && typeof value === 'object') giveUp();
  if (typeof value === 'bigint') giveUp();
  if (atKey) keyMemo.set(source, value as Plain);
  return value as Plain;
}

/** Splits off a trailing comment; quoted text is read by `scalar`, which checks what follows. */
function lines(text: string): Lines {
  if (text.includes('\r') || text.includes('\t')) giveUp();
  const out = new Lines(text);
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let indent = start;
    while (indent < end && text.charCodeAt(indent) === 32) indent++;
    if (indent < end && text.charCodeAt(indent) !== 35 /* # */) {
      let body = text.slice(indent, end);
      const c = body.charCodeAt(0);
      // Document markers and directives stand at the start of a line; indented, `---` is text
      // (a certificate's armour in a block scalar) or an error the reader finds on its own.
      if (indent === start && ((c === 45 /* - */ && body.startsWith('---')) || (c === 46 && body.startsWith('...')) || c === 37) /* % */) giveUp();
      if (body.indexOf('"') < 0 && body.indexOf("'") < 0) {
        const hash = body.indexOf(' #');
        if (hash >= 0) body = body.slice(0, hash);
      }
      if (body.charCodeAt(body.length - 1) === 32) body = body.trimEnd();
      // The content is a prefix of the line after its indentation: kept as where it ends.
      const l = out.count++;
      out.indent[l] = indent - start;
      out.start[l] = indent;
      out.end[l] = indent + body.length;
    }
    start = end + 1;
  }
  return out;
}

/** A quoted scalar at the start of `s`: its value and the rest of the line after it. */
function quoted(s: string): { value: string; rest: string } {
  if (s[0] === "'") {
    let i = 1;
    let value = '';
    for (;;) {
      const j = s.indexOf("'", i);
      if (j < 0) giveUp();
      value += s.slice(i, j);
      if (s[j + 1] === "'") {
        value += "'";
        i = j + 2;
        continue;
      }
      return { value, rest: s.slice(j + 1) };
    }
  }
  let i = 1;
  while (i < s.length && s[i] !== '"') i += s[i] === '\\' ? 2 : 1;
  if (i >= s.length) giveUp();
  let value: unknown;
  try {
    value = JSON.parse(s.slice(0, i + 1));
  } catch {
    giveUp(); // a YAML-only escape (\x41, \ , …)
  }
  return { value: value as string, rest: s.slice(i + 1) };
}

/** Only a comment (or nothing) may follow a value on its line. */
function endOfLine(rest: string): void {
  const r = rest.trimStart();
  if (r !== '' && !(r.startsWith('#') && rest.length > r.length)) giveUp();
}

/** The characters that start a flow collection, anchor, alias, tag, block scalar, directive or comment: 1 at their codes. */
const indicator = new Uint8Array(128);
for (const ch of '[]{}&*!|>%@`#,?') indicator[ch.charCodeAt(0)] = 1;

/**
 * A flow collection on one line (`[a, "b:1"]`, `{team: t1, tier: {level: 2}}`), as Prometheus
 * scrape configs are often written: nested collections, quoted and plain scalars. Anything
 * rarer (an empty entry, a pair inside a list, a key without a space after its colon, an alias)
 * gives up. Returns the value and the rest of the line after it.
 */
function flow(s: string, at: number): { value: Plain; end: number } {
  const space = (i: number) => {
    while (s.charCodeAt(i) === 32) i++;
    return i;
  };
  const open = s[at];
  const close = open === '[' ? ']' : '}';
  let i = space(at + 1);
  const list: Plain[] = [];
  const map: PlainMap = {};
  if (s[i] === close) return { value: open === '[' ? list : map, end: i + 1 };
  for (;;) {
    if (open === '[') {
      const item = flowValue(s, i, false);
      list.push(item.value);
      i = item.end;
    } else {
      const k = flowValue(s, i, true);
      i = space(k.end);
      if (s[i] !== ':' || s.charCodeAt(i + 1) !== 32) giveUp();
      const key = k.value as string;
      if (key === '__proto__' || Object.prototype.hasOwnProperty.call(map, key)) giveUp();
      const v = flowValue(s, space(i + 1), false);
      map[key] = v.value;
      i = v.end;
    }
    i = space(i);
    if (s[i] === close) return { value: open === '[' ? list : map, end: i + 1 };
    if (s[i] !== ',') giveUp();
    i = space(i + 1);
    if (s[i] === close || s[i] === ',') giveUp(); // a trailing comma or an empty entry
  }
}

/** One entry of a flow collection: a nested collection, a quoted scalar or a plain one. */
function flowValue(s: string, at: number, atKey: boolean): { value: Plain; end: number } {
  const c = s[at];
  if (c === '[' || c === '{') {
    if (atKey) giveUp();
    return flow(s, at);
  }
  if (c === '"' || c === "'") {
    const { value, rest } = quoted(s.slice(at));
    return { value, end: s.length - rest.length };
  }
  let end = at;
  // A plain scalar ends at a flow indicator, or at a colon that starts a value (`a: 1`, `a:,`);
  // `svc:9090` is one scalar.
  while (end < s.length && !',[]{}'.includes(s[end]) && !(s[end] === ':' && (end + 1 === s.length || ' ,[]{}'.includes(s[end + 1])))) end++;
  const text = s.slice(at, end).trimEnd();
  const first = text.charCodeAt(0);
  // Empty, an indicator, or a comment inside: left to the yaml package.
  if (text === '' || indicator[first] === 1 || first === 45 /* - */ || first === 58 /* : */ || text.includes(' #')) giveUp();
  return { value: resolvePlain(text, atKey), end };
}

/** A one-line value. */
function scalar(s: string): Plain {
  if (s === '{}') return {};
  if (s === '[]') return [];
  if (s[0] === '[' || s[0] === '{') {
    const { value, end } = flow(s, 0);
    endOfLine(s.slice(end));
    return value;
  }
  if (s[0] === '"' || s[0] === "'") {
    const { value, rest } = quoted(s);
    endOfLine(rest);
    return value;
  }
  const hash = s.indexOf(' #');
  const text = (hash >= 0 ? s.slice(0, hash) : s).trimEnd();
  // Indicators that start something this reader does not read.
  const c = text.charCodeAt(0);
  if (indicator[c] === 1 || ((c === 45 /* - */ || c === 58) /* : */ && (text.length === 1 || /\s/.test(text[1])))) giveUp();
  if (text.includes(': ') || text.endsWith(':') || text.includes('\t')) giveUp();
  return resolvePlain(text, false);
}

/** `key: rest` at the start of a line's text: the key and what follows the colon. */
function keyOf(text: string): { key: string; rest: string } | undefined {
  const c = text[0];
  if (c === '"' || c === "'") {
    const { value, rest } = quoted(text);
    if (value === '__proto__') giveUp();
    if (rest === ':') return { key: value, rest: '' };
    if (rest.startsWith(': ')) return { key: value, rest: rest.slice(2).trim() };
    return undefined; // a quoted value, not a key
  }
  // The first `:` ends a plain key when a space or the end follows it (else it is part of the text).
  let i = text.indexOf(':');
  while (i >= 0 && i + 1 < text.length && text[i + 1] !== ' ') i = text.indexOf(':', i + 1);
  if (i <= 0) return undefined;
  if ('#&*!|>\'"%@`{}[],?:'.includes(c) || (c === '-' && (text[1] === ' ' || text[1] === ':'))) return undefined;
  const raw = text.slice(0, i).trimEnd();
  if (raw === '<<' || raw === '__proto__' || raw.includes(' #')) giveUp();
  return { key: resolvePlain(raw, true) as string, rest: text.slice(i + 1).trim() };
}

class Reader {
  i = 0;
  private readonly n: number;
  constructor(private readonly ls: Lines) {
    this.n = ls.count;
  }

  /** The block at `indent`: a map or a list. */
  block(indent: number): Plain {
    return this.ls.isItem(this.i) ? this.list(indent) : this.map(indent);
  }

  /** The value after `key:` with nothing on its line: a deeper block, a list at the same indent, or null. */
  nested(indent: number): Plain {
    if (this.i >= this.n) return null;
    const at = this.ls.indent[this.i];
    if (at > indent) return this.block(at);
    if (at === indent && this.ls.isItem(this.i)) return this.list(indent);
    return null;
  }

  map(indent: number): PlainMap {
    const out: PlainMap = {};
    const { ls } = this;
    while (this.i < this.n && ls.indent[this.i] === indent) {
      if (ls.isItem(this.i)) break;
      const kv = keyOf(ls.text(this.i));
      if (!kv) giveUp();
      const { key, rest } = kv!;
      if (Object.prototype.hasOwnProperty.call(out, key)) giveUp(); // the yaml path reports it, with its position
      this.i++;
      const literal = /^\|([-+]?)(?:\s+#.*)?$/.exec(rest);
      out[key] = literal ? this.literal(indent, literal[1]) : rest === '' || rest.startsWith('#') ? this.nested(indent) : scalar(rest);
      if (this.i < this.n && ls.indent[this.i] > indent) giveUp(); // a multi-line scalar, or an indentation error
    }
    return out;
  }

  /**
   * A literal block scalar (`|`, `|-`, `|+`) after the key on line `i - 1`, as certificates are
   * written: read from the source text itself, where blank lines and `#` are content. Its lines
   * are those more indented than the key, and blank lines among them; chomping as YAML's
   * (clip: one final newline, `-`: none, `+`: all). An indentation indicator, or a blank line
   * before the first one deeper than it, gives up.
   */
  literal(parent: number, chomp: string): string {
    const { ls } = this;
    const src = ls.source;
    let at = src.indexOf('\n', ls.start[this.i - 1]);
    const content: string[] = [];
    let indent = -1;
    while (at >= 0 && at + 1 < src.length) {
      const from = at + 1;
      let to = src.indexOf('\n', from);
      if (to < 0) to = src.length;
      const line = src.slice(from, to);
      let sp = 0;
      while (sp < line.length && line.charCodeAt(sp) === 32) sp++;
      if (sp === line.length) {
        if (indent < 0 && sp > parent + 1) giveUp(); // spaces that might set the indentation
        content.push(line.slice(Math.max(indent, 0)));
      } else {
        if (sp <= parent) break;
        if (indent < 0) indent = sp;
        else if (sp < indent) giveUp(); // less indented than its first line: an error for the yaml package
        content.push(line.slice(indent));
      }
      at = to;
    }
    // Trailing blank lines belong to the block only for `+`; blank lines keep no spaces.
    let last = content.length;
    while (last > 0 && content[last - 1].trim() === '') last--;
    const body = content.slice(0, last);
    // Skip the lines the block took (`at`: where reading stopped).
    while (this.i < this.n && ls.start[this.i] < at && ls.indent[this.i] > parent) this.i++;
    if (indent < 0 || body.some((l) => l !== '' && l.trim() === '')) giveUp();
    const text = body.join('\n');
    if (chomp === '-') return text;
    if (chomp === '+') return `${text}\n${'\n'.repeat(content.length - last)}`;
    return `${text}\n`;
  }

  list(indent: number): Plain[] {
    const out: Plain[] = [];
    const { ls } = this;
    while (this.i < this.n && ls.indent[this.i] === indent && ls.isItem(this.i)) {
      const line = ls.text(this.i);
      const body = line.slice(1).trimStart();
      const col = indent + (line.length - body.length);
      this.i++;
      if (body === '' || body.startsWith('#')) out.push(this.nested(indent));
      else if (isItem(body)) giveUp();
      else if (keyOf(body)) {
        // `- key: value`: a map whose first key sits after the dash, the rest below it. The
        // line is read again as that key's line: its content starts where `body` does.
        this.i--;
        ls.indent[this.i] = col;
        ls.start[this.i] += line.length - body.length;
        out.push(this.map(col));
      } else out.push(scalar(body));
      if (this.i < this.n && ls.indent[this.i] > indent) giveUp();
    }
    return out;
  }
}

/** `read()`, or `otherwise` when the reader gives up on the way (the one place NotPlain is caught). */
function unlessGivenUp<T, U>(read: () => T, otherwise: U): T | U {
  try {
    return read();
  } catch (err) {
    if (err instanceof NotPlain) return otherwise;
    throw err;
  }
}

/** Whether `s`, written plain, reads back as that very text under the values schema (no tag claims it). */
export function readsAsText(s: string): boolean {
  // Most text no tag claims: answered by the union pattern alone, without the closure and catch.
  const any = schema?.anyValueTag;
  if (any) {
    any.lastIndex = 0;
    if (!any.test(s)) return true;
  }
  return unlessGivenUp(() => resolvePlain(s, false) === s, false);
}

/** `key: rest` of one line of a file `loadPlainValues` read (its keys are text). */
export function plainKeyOf(content: string): { key: string; rest: string } | undefined {
  return unlessGivenUp(() => keyOf(content), undefined);
}

/** The values of `text` as data, or undefined when it is not plain enough for this reader. */
export function loadPlainValues(text: string): PlainMap | undefined {
  keyMemo = new Map();
  return unlessGivenUp(() => {
    const ls = lines(text);
    if (!ls.count) return {};
    const reader = new Reader(ls);
    if (ls.indent[0] !== 0) giveUp();
    const data = reader.block(0);
    if (reader.i !== ls.count || Array.isArray(data) || data === null || typeof data !== 'object') giveUp();
    return data as PlainMap;
  }, undefined);
}
