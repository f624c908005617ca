/**
 * The nesting pre-check against what the yaml package reads: on generated documents in block,
 * flow and mixed styles it counts exactly the depth the parsed data has; brackets that are text
 * (quotes, comments, block and plain scalars) do not count; and every real values file the
 * project has is far inside its limit.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { findTooDeep, MAX_NESTING } from '../../src/values/nesting.js';
import { hasShared, repoRoot, sharedDir } from '../helpers/shared.js';

/** The depth the pre-check counts: the smallest limit it lets the text through at. */
function counted(text: string): number {
  let lo = 0;
  let hi = 4096;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (findTooDeep(text, mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function depthOf(v: unknown): number {
  if (Array.isArray(v)) return 1 + Math.max(0, ...v.map(depthOf));
  if (v && typeof v === 'object') return 1 + Math.max(0, ...Object.values(v).map(depthOf));
  return 0;
}

const leaf = fc.oneof(fc.constantFrom('x', 'a[1]', '{b}', '"q"', "it's", '# not a comment', 'a: b', 'line\nbreak [', '- dash'), fc.integer(), fc.boolean());
const tree = fc.letrec<{ node: unknown }>((t) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(t('node'), { minLength: 1, maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'key with space', 'k[0]', 'q"k'), t('node'), { minKeys: 1, maxKeys: 3 }),
  ),
})).node;

describe('the nesting pre-check', () => {
  it('counts the depth the yaml package reads, in block, flow and mixed styles', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('top', 'other'), tree, { minKeys: 1 }), fc.integer({ min: 0, max: 6 }), fc.boolean(), (value, flowLevel, indentSeq) => {
        const text = stringify(value, { indentSeq, flowCollectionPadding: flowLevel % 2 === 0 });
        const styled = flowLevel >= 3 ? stringify(value, { collectionStyle: 'flow' }) : text;
        expect(parse(styled)).toEqual(value);
        const real = depthOf(value);
        const seen = counted(styled);
        expect(seen).toBe(real);
      }),
      { numRuns: 1000 },
    );
  });

  it('does not count brackets that are text: quotes, comments, block and plain scalars', () => {
    const text = [
      'a: "[[[[{{{{"',
      "b: '[[[['' {{{'",
      'c: foo[[[[',
      '# [[[[[[[[',
      'd: |',
      '  [[[[[[[[[[',
      '    {{{{{{{',
      'e: >-',
      '  {{{{',
      'f: [1, "]]]]", \'[[[[\', {g: "}}}"}]',
      'h: &anchor !!str x[[[',
      '"k: [[[": 1',
    ].join('\n');
    expect(counted(text)).toBe(3);
  });

  it('every values file of the fixtures and of the stored charts is far inside the limit', () => {
    const files = readdirSync(join(repoRoot, 'fixtures'), { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => join(repoRoot, 'fixtures', f));
    if (hasShared) {
      const charts = join(sharedDir, 'charts');
      for (const f of readdirSync(charts, { recursive: true, encoding: 'utf8' })) if (/(^|\/)values\.yaml$/.test(f)) files.push(join(charts, f));
    }
    expect(files.length).toBeGreaterThan(100);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      expect(findTooDeep(text), f).toBeUndefined();
      expect(counted(text), f).toBeLessThan(MAX_NESTING / 4);
    }
  });
});
