/**
 * objectMembers finds each member of a JSON object without parsing the values it skips: every
 * member's range parses to what JSON.parse gives for it, whatever the strings hold (quotes,
 * backslashes, braces, non-ASCII) and however the text is spaced; broken text is refused.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { objectMembers, parseRange } from '../../src/helm/json-members.js';

const tricky = fc.constantFrom('"', '\\', '\\"', '{', '}', '[', ']', ',', ':', 'é', '\u2028', '😀', ' ', '\n');
const text = fc.array(fc.oneof(tricky, fc.string({ maxLength: 4 })), { maxLength: 6 }).map((xs) => xs.join(''));
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, text, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(text, tie('v'), { maxKeys: 4 })),
})).v;

describe('objectMembers', () => {
  it('gives each member a range that parses to its value, at any spacing, the last of a repeated key', () => {
    fc.assert(
      fc.property(fc.dictionary(text, value, { maxKeys: 6 }), fc.constantFrom(0, 1, 2, '\t'), (obj, space) => {
        const json = JSON.stringify(obj, null, space);
        const bytes = Buffer.from(json);
        const members = objectMembers(bytes);
        expect([...members.keys()]).toEqual(Object.keys(obj));
        for (const [k, range] of members) expect(parseRange(bytes, range)).toEqual(JSON.parse(json)[k]);
        // Nested: the members of a member that is an object.
        for (const [k, range] of members) {
          const v = obj[k];
          if (v && typeof v === 'object' && !Array.isArray(v)) expect([...objectMembers(bytes, range).keys()]).toEqual(Object.keys(v));
        }
      }),
      { numRuns: 1500 },
    );
    const repeated = Buffer.from('{"a": 1, "b": {"c": "}"}, "a": [2, "]"]}');
    expect(parseRange(repeated, objectMembers(repeated).get('a')!)).toEqual([2, ']']);
  });

  it('refuses what is not a whole object', () => {
    for (const bad of ['', '[]', '{"a" 1}', '{"a": 1', '{"a": "open}', '{"a": {"b": 1}', '{"a": 1 "b": 2}', '{a: 1}', '{"a": }']) {
      expect(() => objectMembers(Buffer.from(bad)), bad).toThrow(SyntaxError);
    }
  });
});
