/**
 * How deep a YAML text nests, found in one pass over its lines before anything parses it. The
 * readers (ours and the yaml package's) and every walk of the values recurse once per level, so
 * a file nested thousands deep (`x: [[[[…]]]]`, or a block map indented 3000 times) would end in
 * a stack overflow, an internal error, somewhere. No values file Helm users write comes near
 * MAX_NESTING (Kubernetes objects nest about 15 levels), and 512 levels still read safely.
 *
 * The count is of the structure YAML reads, not of characters that look like it: brackets
 * inside quotes, comments, block scalars and plain scalars (`image: foo[1]`) are text. Block
 * levels are counted by the columns of keys and dashes, as the parser nests them.
 */
import { HelmMigrateError } from '../core/errors.js';

export const MAX_NESTING = 200;

const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;
const QUESTION = 0x3f;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const BACKSLASH = 0x5c;
const OPEN_SQUARE = 0x5b;
const CLOSE_SQUARE = 0x5d;
const OPEN_CURLY = 0x7b;
const CLOSE_CURLY = 0x7d;
const PIPE = 0x7c;
const GREATER = 0x3e;
const AMPERSAND = 0x26;
const BANG = 0x21;

const blank = (c: number) => c === SPACE || c === TAB || c === CR;
const COMMA = 0x2c;
const startsNode = (last: number) => last === OPEN_SQUARE || last === OPEN_CURLY || last === COMMA || last === COLON || last === QUESTION;

/** The first line (1-based) at which `text` nests deeper than `limit`, and the depth there. */
export function findTooDeep(text: string, limit = MAX_NESTING): { line: number; depth: number } | undefined {
  /**
   * The block levels open, by column: a map's at its keys' column, a sequence's half a column
   * right of its dashes (so a sequence written at its key's column still nests under the key).
   */
  const levels: number[] = [];
  const close = (column: number) => {
    while (levels.length && levels[levels.length - 1] >= column) levels.pop();
  };
  let flow = 0;
  /** The open quote of a scalar that goes on past its line. */
  let quote = 0;
  /** The column of the node a block scalar belongs to; lines indented past it are its text. */
  let blockScalar = -1;
  /** Inside flow: the last character that was not blank, across lines. */
  let last = 0;
  let line = 0;
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    line++;
    let indent = 0;
    while (text.charCodeAt(start + indent) === SPACE) indent++;
    const first = start + indent;
    const isBlank = first >= end || blank(text.charCodeAt(first));
    if (blockScalar >= 0 && (isBlank || indent > blockScalar)) {
      start = end + 1;
      continue;
    }
    blockScalar = -1;
    if (!flow && !quote && indent === 0 && text.startsWith('---', first) && (first + 3 >= end || blank(text.charCodeAt(first + 3)))) {
      // A document marker: the next document starts at the top.
      levels.length = 0;
      start = end + 1;
      continue;
    }
    let nodeStart = !flow && !quote;
    /** The column of the key (or scalar) this line is in, until its `: ` shows it is a key. */
    let keyColumn = -1;
    let sawKey = false;
    for (let i = first; i < end; i++) {
      const c = text.charCodeAt(i);
      if (quote === DQUOTE) {
        if (c === BACKSLASH) i++;
        else if (c === DQUOTE) quote = 0;
        continue;
      }
      if (quote === SQUOTE) {
        if (c === SQUOTE) {
          if (text.charCodeAt(i + 1) === SQUOTE) i++;
          else quote = 0;
        }
        continue;
      }
      if (blank(c)) continue;
      if (c === HASH && (i === start || blank(text.charCodeAt(i - 1)))) break;
      if (flow) {
        if (c === OPEN_SQUARE || c === OPEN_CURLY) {
          if (++flow + levels.length > limit) return { line, depth: flow + levels.length };
        } else if (c === CLOSE_SQUARE || c === CLOSE_CURLY) flow--;
        // A quote opens a scalar only where a node starts (`q"k` is plain text).
        else if ((c === DQUOTE || c === SQUOTE) && startsNode(last)) quote = c;
        last = c;
        continue;
      }
      const column = i - start;
      if (nodeStart) {
        if (c === OPEN_SQUARE || c === OPEN_CURLY) {
          if (keyColumn < 0) close(column);
          flow = 1;
          last = c;
          if (flow + levels.length > limit) return { line, depth: flow + levels.length };
          continue;
        }
        if (c === PIPE || c === GREATER) {
          // Its lines are those indented past the node it belongs to (a key, or a dash).
          blockScalar = levels.length ? Math.floor(levels[levels.length - 1]) : indent;
          break;
        }
        if ((c === DASH || c === QUESTION) && (i + 1 >= end || blank(text.charCodeAt(i + 1)))) {
          close(column + 0.5);
          levels.push(column + 0.5);
          if (levels.length > limit) return { line, depth: levels.length };
          continue;
        }
        if (c === AMPERSAND || c === BANG) {
          while (i + 1 < end && !blank(text.charCodeAt(i + 1))) i++;
          continue;
        }
        nodeStart = false;
        if (c === DQUOTE || c === SQUOTE) {
          quote = c;
          keyColumn = column;
          continue;
        }
        // A plain value after a key: nothing in the rest of its line can nest.
        if (sawKey) break;
        keyColumn = column;
      }
      // Inside a key or a plain scalar: only `: ` can start another node on this line.
      if (c === COLON && (i + 1 >= end || blank(text.charCodeAt(i + 1))) && keyColumn >= 0) {
        close(keyColumn);
        levels.push(keyColumn);
        if (levels.length > limit) return { line, depth: levels.length };
        keyColumn = -1;
        nodeStart = true;
        sawKey = true;
      }
    }
    start = end + 1;
  }
  return undefined;
}

/** Refuses, naming the line, a text nested deeper than the readers can safely follow. */
export function assertNestingBounded(text: string, name: string): void {
  const deep = findTooDeep(text);
  if (deep) throw new HelmMigrateError('yaml-syntax', `${name}: line ${deep.line}: the values nest more than ${MAX_NESTING} levels deep (${deep.depth} here); no chart reads values that deep`);
}
