/**
 * Reading the output style off a file: the fast reading agrees with the plain definition (every
 * `key:` line that opens a block, and padded flow collections outside comments) on generated
 * texts full of the cases the shortcuts pass over: comments, trailing spaces, colons inside
 * values, flow collections in comments.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectStyle } from '../../src/values/style.js';

/** The definition, written the plain way (the shape detectStyle had before its shortcuts). */
function byDefinition(source: string) {
  const lines = source.split(/\r?\n/);
  let indent = 0;
  let seqUnderKey = 0;
  let seqAtKey = 0;
  for (let i = 0; i + 1 < lines.length; i++) {
    const line = lines[i];
    if (!/^\s*[^#\s-][^#]*:\s*(#.*)?$/.test(line)) continue;
    const own = line.length - line.trimStart().length;
    let j = i + 1;
    while (j < lines.length && /^\s*(#.*)?$/.test(lines[j])) j++;
    if (j >= lines.length) break;
    const next = lines[j];
    const childIndent = next.length - next.trimStart().length;
    if (next.trimStart().startsWith('- ') || next.trim() === '-') {
      if (childIndent === own) seqAtKey++;
      else if (childIndent > own) seqUnderKey++;
    } else if (childIndent > own && (indent === 0 || childIndent - own < indent)) indent = childIndent - own;
  }
  return { indent: indent > 0 && indent <= 8 ? indent : 2, indentSeq: !(seqAtKey > seqUnderKey), lineWidth: 0, flowCollectionPadding: /[[{] \S/.test(source.replace(/#.*$/gm, '')) };
}

describe('detectStyle', () => {
  it('agrees with the plain definition on generated texts', () => {
    const piece = fc.constantFrom('key', 'a-b', ':', ': ', ' ', '  ', '\t', '#', ' # c', '- ', '-', '[ x ]', '{ y: 1 }', '[x]', 'v', '"q: r"', '\u00a0', '\r');
    const line = fc.tuple(fc.nat({ max: 6 }), fc.array(piece, { maxLength: 6 })).map(([n, ps]) => ' '.repeat(n) + ps.join(''));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), (ls) => {
        const text = `${ls.join('\n')}\n`;
        expect(detectStyle(text)).toEqual(byDefinition(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads the indent, where lists sit, and padded flow collections; a padded one in a comment does not count', () => {
    expect(detectStyle('a:\n    b: 1\nlist:\n- x\nother:\n- y\n')).toMatchObject({ indent: 4, indentSeq: false, flowCollectionPadding: false });
    expect(detectStyle('a:  \n  b: [ 1 ]\n')).toMatchObject({ indent: 2, flowCollectionPadding: true });
    expect(detectStyle('a: 1 # [ not this ]\n')).toMatchObject({ flowCollectionPadding: false });
  });
});
