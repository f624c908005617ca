/**
 * Finding version pins: the maps found to hold no candidate leaf are remembered and passed over
 * when seen again (values are copy on write), and that changes no answer.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import linkerd from '../../migrations/linkerd/index.js';
import { matchesPattern, pinPaths } from '../../src/core/version-pins.js';
import type { Plain, PlainMap } from '../../src/core/plain.js';
import { leaves } from '../../src/core/plain.js';
import { plainTrees } from '../helpers/plain-trees.js';

const pins = linkerd.versionPins!;
const sorted = (xs: [readonly string[], string][]) => xs.map(([p, v]) => `${p.join('.')}=${v}`).sort();

/** The definition: every non-empty text leaf reached through maps only, at a path a pattern matches. */
function byDefinition(values: PlainMap): string[] {
  const throughMaps = (root: Plain, path: string[]): [string[], string][] => {
    if (typeof root === 'string') return root !== '' && pins.paths.some((p) => matchesPattern(path, p)) ? [[path, root]] : [];
    if (root === null || typeof root !== 'object' || Array.isArray(root)) return [];
    return Object.entries(root).flatMap(([k, v]) => throughMaps(v, [...path, k]));
  };
  return sorted(throughMaps(values, []));
}

describe('pinPaths', () => {
  const { key, value } = plainTrees(['image', 'tag', 'version', 'linkerdVersion', 'global', 'proxy', 'podAnnotations'], ['v1.2.3', 'stable-2.9.1', '']);
  const tree = fc.dictionary(key, value, { maxKeys: 5 }) as fc.Arbitrary<PlainMap>;

  it('finds what the definition finds, the first time and again over shared maps', () => {
    fc.assert(
      fc.property(tree, tree, (a, b) => {
        const none = new WeakSet<PlainMap>();
        expect(sorted(pinPaths(pins, a, none))).toEqual(byDefinition(a));
        // A later step's document: new maps along an edit, the rest shared with the first.
        const later: PlainMap = { ...b, moved: a, image: { tag: 'v9.9.9' } };
        expect(sorted(pinPaths(pins, later, none))).toEqual(byDefinition(later));
        expect(sorted(pinPaths(pins, a, none))).toEqual(byDefinition(a));
      }),
      { numRuns: 1500 },
    );
  });

  it('walks a map without candidates once', () => {
    const bag: PlainMap = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`team.example.com/a-${i}`, `v${i}`]));
    const deep: PlainMap = { proxy: { image: { version: 'v1' } } };
    const none = new WeakSet<PlainMap>();
    pinPaths(pins, { podAnnotations: bag, deep }, none);
    expect(none.has(bag)).toBe(true);
    // A map that holds a candidate further down is not passed over.
    expect(none.has(deep)).toBe(false);
    expect(none.has(deep.proxy as PlainMap)).toBe(false);
    expect(leaves(bag)).toHaveLength(50);
  });
});
