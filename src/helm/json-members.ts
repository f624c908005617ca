/**
 * The members of a JSON object as byte ranges, found without parsing their values. A Helm
 * release record's JSON is mostly the chart's own files (its templates, base64-encoded: over half
 * of a 454 KB record of a chart of CRDs); helm-migrate reads the release's name, status, chart
 * metadata, values and manifest. Decoding and parsing only those made planning a fleet of 200 releases
 * spend a fraction of the time it spent on records (UTF-8 decoding of whole records alone was
 * ~3 ms each on a 2-core machine).
 *
 * A value is skipped by its structure: strings (jumped over with the native indexOf, so the
 * long base64 ones cost nothing in JavaScript), objects and arrays by depth, anything else up to
 * the next delimiter. What is skipped is not validated; what is read is parsed by JSON.parse.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

export type Range = readonly [start: number, end: number];

function malformed(at: number, what: string): never {
  throw new SyntaxError(`malformed JSON at byte ${at}: ${what}`);
}

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

function skipSpace(bytes: Uint8Array, i: number): number {
  while (i < bytes.length && isSpace(bytes[i])) i++;
  return i;
}

/** The index just past the string whose opening quote is at `i`. */
function skipString(bytes: Uint8Array, i: number): number {
  for (let from = i + 1; ; ) {
    const q = bytes.indexOf(QUOTE, from);
    if (q < 0) malformed(i, 'unterminated string');
    // Escaped when an odd number of backslashes stands right before it.
    let slashes = 0;
    while (bytes[q - 1 - slashes] === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return q + 1;
    from = q + 1;
  }
}

/** The index just past the value starting at `i`. */
function skipValue(bytes: Uint8Array, i: number): number {
  const first = bytes[i];
  if (first === QUOTE) return skipString(bytes, i);
  if (first === OPEN_OBJECT || first === OPEN_ARRAY) {
    let depth = 0;
    for (let j = i; j < bytes.length; ) {
      const b = bytes[j];
      if (b === QUOTE) {
        j = skipString(bytes, j);
        continue;
      }
      if (b === OPEN_OBJECT || b === OPEN_ARRAY) depth++;
      else if ((b === CLOSE_OBJECT || b === CLOSE_ARRAY) && --depth === 0) return j + 1;
      j++;
    }
    malformed(i, 'unclosed object or array');
  }
  let j = i;
  while (j < bytes.length && !isSpace(bytes[j]) && bytes[j] !== COMMA && bytes[j] !== CLOSE_OBJECT && bytes[j] !== CLOSE_ARRAY) j++;
  if (j === i) malformed(i, 'a value was expected');
  return j;
}

/**
 * Each member of the object at `range` of `bytes` (the whole of it by default): its key, and the
 * byte range of its value. A key given twice keeps its last value, as JSON.parse does.
 */
export function objectMembers(bytes: Uint8Array, range: Range = [0, bytes.length]): Map<string, Range> {
  const members = new Map<string, Range>();
  const view = range[1] === bytes.length ? bytes : bytes.subarray(0, range[1]);
  let i = skipSpace(view, range[0]);
  if (view[i] !== OPEN_OBJECT) malformed(i, 'an object was expected');
  i = skipSpace(view, i + 1);
  if (view[i] === CLOSE_OBJECT) return members;
  for (;;) {
    if (view[i] !== QUOTE) malformed(i, 'a key was expected');
    const keyEnd = skipString(view, i);
    const key = parseRange(view, [i, keyEnd]) as string;
    i = skipSpace(view, keyEnd);
    if (view[i] !== COLON) malformed(i, 'a colon was expected');
    const start = skipSpace(view, i + 1);
    const end = skipValue(view, start);
    members.set(key, [start, end]);
    i = skipSpace(view, end);
    if (view[i] === CLOSE_OBJECT) return members;
    if (view[i] !== COMMA) malformed(i, 'a comma or the end of the object was expected');
    i = skipSpace(view, i + 1);
  }
}

/** The value at `range`, parsed. */
export function parseRange(bytes: Uint8Array, range: Range): unknown {
  return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + range[0], range[1] - range[0]).toString('utf8'));
}
