/**
 * Counting what a chart knows without a path per leaf: `countKnown` and `unknownIn` against the
 * definition (every leaf's path asked of `has`), on generated values around the real keys of the
 * packs' charts, with one chart and with two.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packs } from '../../migrations/index.js';
import { countKnown, countLeaves, KnownPaths } from '../../src/core/known-paths.js';
import { leaves, type PlainMap } from '../../src/core/plain.js';
import { plainTrees } from '../helpers/plain-trees.js';

const snapshots = packs.flatMap((p) => p.releases.flatMap((r) => Object.values(p.snapshot(r.id).charts)));
const keys = [...new Set(snapshots.flatMap((s) => s.paths.slice(0, 40).flatMap((p) => p.split('.'))))].slice(0, 60);

describe('known paths', () => {
  it('count and list what charts know as asking each leaf would', () => {
    const { key, value } = plainTrees(keys, ['x', '']);
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 8 }), fc.subarray(snapshots, { minLength: 1, maxLength: 2 }), (values: PlainMap, snaps) => {
        const charts = snaps.map((s) => KnownPaths.of(s));
        const paths = leaves(values).map(([p]) => p);
        const expected = { known: paths.filter((p) => charts.some((c) => c.has(p))).length, total: paths.length };
        expect(countKnown(values, charts)).toEqual(expected);
        // With counts kept between questions (as inference asks every chart): the same answers.
        const memo = new WeakMap<object, number>();
        for (const c of [...charts, ...charts]) countKnown(values, [c], memo);
        expect(countKnown(values, charts, memo)).toEqual(expected);
        expect(charts[0].unknownIn(values)).toEqual(paths.filter((p) => !charts[0].has(p)));
        if (paths.length) expect(countLeaves(values)).toBe(paths.length);
      }),
      { numRuns: 1500 },
    );
  });

  it('with two charts, a map one knows whole and the other in part is known whole', () => {
    const values = { a: { b: 1, c: 2 }, d: 3 };
    expect(countKnown(values, [new KnownPaths(['a.b']), new KnownPaths(['a'])])).toEqual({ known: 2, total: 3 });
    expect(countKnown(values, [new KnownPaths(['a.b'])])).toEqual({ known: 1, total: 3 });
  });

  it('a map the chart knows whole counts every key inside it as known', () => {
    const snap = snapshots.find((s) => s.paths.includes('podAnnotations'))!;
    const values = { podAnnotations: Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`a${i}`, 'v'])), notAKey: { deeper: 1 } };
    expect(countKnown(values, [KnownPaths.of(snap)])).toEqual({ known: 1000, total: 1001 });
    expect(KnownPaths.of(snap).unknownIn(values)).toEqual([['notAKey', 'deeper']]);
  });
});
