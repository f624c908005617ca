/**
 * Output style read off the input, so an edited file looks like the user wrote it: the same
 * indent, sequences indented under their key or not, flow collections padded or not, and long
 * lines never re-folded.
 */
import { lineCount } from './line-count.js';

export interface OutputStyle {
  indent: number;
  indentSeq: boolean;
  lineWidth: number;
  flowCollectionPadding: boolean;
}

/** The last answer: one run asks about the same (possibly large) text several times. */
let last: { source: string; style: OutputStyle } | undefined;

export function detectStyle(source: string): OutputStyle {
  if (last?.source === source) return { ...last.style };
  const style = detect(source);
  last = { source, style };
  return { ...style };
}

function detect(source: string): OutputStyle {
  // The lines of /\r?\n/: split at \n, a \r before it dropped. Each line is cut out when looked
  // at and dropped after, rather than all held in an array: a million strings alive at once
  // are copied by every young-generation collection on a 50 MB file (over a third of this
  // function's time there). Indents are counted, not trimmed off, for the same reason.
  const starts = lineStarts(source);
  const count = starts.length - 1;
  const line = (k: number) => {
    const end = starts[k + 1] - 1;
    // A \r only before a \n (the last line has none after it).
    return source.slice(starts[k], end < source.length && end > starts[k] && source.charCodeAt(end - 1) === 13 ? end - 1 : end);
  };
  let indent = 0;
  let seqUnderKey = 0;
  let seqAtKey = 0;
  for (let i = 0; i + 1 < count; i++) {
    const open = line(i);
    if (!opensBlock(open)) continue;
    const own = leading(open);
    let j = i + 1;
    while (j < count && blankOrComment(line(j))) j++;
    if (j >= count) break;
    const next = line(j);
    const childIndent = leading(next);
    if (next.startsWith('- ', childIndent) || (next.charCodeAt(childIndent) === 45 && next.slice(childIndent + 1).trim() === '')) {
      if (childIndent === own) seqAtKey++;
      else if (childIndent > own) seqUnderKey++;
    } else if (childIndent > own && (indent === 0 || childIndent - own < indent)) {
      indent = childIndent - own;
    }
  }
  return {
    indent: indent > 0 && indent <= 8 ? indent : 2,
    indentSeq: !(seqAtKey > seqUnderKey),
    lineWidth: 0,
    flowCollectionPadding: padsFlowCollections(source),
  };
}

/** Where each line starts, and one past the end of the text as if it ended with \n. */
function lineStarts(source: string): Int32Array {
  const n = lineCount(source);
  const starts = new Int32Array(n + 1);
  for (let k = 1, at = source.indexOf('\n'); at >= 0; k++, at = source.indexOf('\n', at + 1)) starts[k] = at + 1;
  starts[n] = source.length + 1;
  return starts;
}

/** How many characters `s.trimStart()` would take off, without making the trimmed copy. */
function leading(s: string): number {
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === 32 || (c >= 9 && c <= 13)) continue;
    // Beyond ASCII, the engine's own list of white space decides.
    return c < 128 ? k : s.length - s.trimStart().length;
  }
  return s.length;
}

/** `/^\s*(#.*)?$/`: nothing but white space, or a comment; the pattern runs only on comments. */
function blankOrComment(s: string): boolean {
  const k = leading(s);
  if (k === s.length) return true;
  return s.charCodeAt(k) === 35 && /^\s*(#.*)?$/.test(s);
}

/** The pattern of a `key:` line that opens a block (nothing after the colon but a comment). */
export const keyLine = /^\s*[^#\s-][^#]*:\s*(#.*)?$/;

/** `keyLine`, answered without the pattern for most lines: one without a `#` must end in `:` (and spaces). */
export function opensBlock(line: string): boolean {
  if (!line.includes('#') && !line.trimEnd().endsWith(':')) return false;
  return keyLine.test(line);
}

/** A padded flow collection (`[ a ]`, `{ b: 1 }`) outside comments. */
export function padsFlowCollections(source: string): boolean {
  // Comments are cut before looking, but cutting one cannot make a match: look without cutting
  // first, and cut only when that finds one (copying a 50 MB file took a second).
  return /[[{] \S/.test(source) && /[[{] \S/.test(source.replace(/#.*$/gm, ''));
}
