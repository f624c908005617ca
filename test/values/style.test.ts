/**
 * Reading the output style off a file. Its two shortcuts (lines passed over without the key-line
 * pattern; comments cut only when the uncut text has a padded flow collection) agree with the
 * plain definitions on generated lines and texts full of what they pass over: comments, trailing
 * spaces, colons inside values, flow collections in comments.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectStyle, keyLine, opensBlock, padsFlowCollections } from '../../src/values/style.js';

const piece = fc.constantFrom('key', 'a-b', ':', ': ', ' ', '  ', '\t', '#', ' # c', '- ', '-', '[ x ]', '{ y: 1 }', '[x]', 'v', '"q: r"', '\u00a0', '\r');
const line = fc.tuple(fc.nat({ max: 6 }), fc.array(piece, { maxLength: 6 })).map(([n, ps]) => ' '.repeat(n) + ps.join(''));

describe('detectStyle', () => {
  it('a key line is what the pattern says it is', () => {
    fc.assert(
      fc.property(line, (l) => {
        expect(opensBlock(l)).toBe(keyLine.test(l));
      }),
      { numRuns: 5000 },
    );
  });

  it('padded flow collections are looked for outside comments', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), (ls) => {
        const text = `${ls.join('\n')}\n`;
        expect(padsFlowCollections(text)).toBe(/[[{] \S/.test(text.replace(/#.*$/gm, '')));
      }),
      { numRuns: 3000 },
    );
  });

  it('counts indents as trimming would: the same style as the plain definition on generated texts', () => {
    // The definition: split at /\r?\n/, indents as what trimStart() takes off, blank and comment
    // lines by their pattern.
    const byDefinition = (source: string) => {
      const lines = source.split(/\r?\n/);
      let indent = 0;
      let under = 0;
      let at = 0;
      for (let i = 0; i + 1 < lines.length; i++) {
        if (!keyLine.test(lines[i])) continue;
        const own = lines[i].length - lines[i].trimStart().length;
        let j = i + 1;
        while (j < lines.length && /^\s*(#.*)?$/.test(lines[j])) j++;
        if (j >= lines.length) break;
        const next = lines[j];
        const child = next.length - next.trimStart().length;
        if (next.trimStart().startsWith('- ') || next.trim() === '-') {
          if (child === own) at++;
          else if (child > own) under++;
        } else if (child > own && (indent === 0 || child - own < indent)) indent = child - own;
      }
      return { indent: indent > 0 && indent <= 8 ? indent : 2, indentSeq: !(at > under) };
    };
    const separator = fc.constantFrom('\n', '\r\n', '\n\n', '\n  # note\n', '\n\u2028\n');
    fc.assert(
      fc.property(fc.array(fc.tuple(line, separator), { maxLength: 12 }), (parts) => {
        const text = parts.map(([l, sep]) => l + sep).join('');
        expect(detectStyle(text)).toMatchObject(byDefinition(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('reads the indent, where lists sit, and padded flow collections; a padded one in a comment does not count', () => {
    expect(detectStyle('a:\n    b: 1\nlist:\n- x\nother:\n- y\n')).toMatchObject({ indent: 4, indentSeq: false, flowCollectionPadding: false });
    expect(detectStyle('a:  \n  b: [ 1 ]\n')).toMatchObject({ indent: 2, flowCollectionPadding: true });
    expect(detectStyle('a: 1 # [ not this ]\n')).toMatchObject({ flowCollectionPadding: false });
    expect(detectStyle('a: # opens a block\n   b: 1\n')).toMatchObject({ indent: 3 });
  });
});
