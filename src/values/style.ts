/**
 * Output style read off the input, so an edited file looks like the user wrote it: the same
 * indent, sequences indented under their key or not, flow collections padded or not, and long
 * lines never re-folded.
 */
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
  const lines = source.split(/\r?\n/);
  let indent = 0;
  let seqUnderKey = 0;
  let seqAtKey = 0;
  for (let i = 0; i + 1 < lines.length; i++) {
    const line = lines[i];
    if (!opensBlock(line)) continue;
    const own = line.length - line.trimStart().length;
    let j = i + 1;
    while (j < lines.length && /^\s*(#.*)?$/.test(lines[j])) j++;
    if (j >= lines.length) break;
    const next = lines[j];
    const childIndent = next.length - next.trimStart().length;
    if (next.trimStart().startsWith('- ') || next.trim() === '-') {
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
