/**
 * Properties of the engine over generated values documents built from real Linkerd 2.9 keys
 * (plus unknown ones, comments and odd scalars): it never fails with an unexpected error, its
 * output parses, migrating the output again changes nothing, and a chained run equals the steps
 * run one by one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parsePath } from '../../src/core/paths.js';
import type { Plain, PlainMap } from '../../src/core/plain.js';
import { parseValues } from '../../src/values/parse.js';
import { migrateText, pack } from '../helpers/migrate.js';

const known = pack.snapshot('2.9').charts.linkerd2.paths.map(parsePath);

const scalar: fc.Arbitrary<Plain> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -5, max: 70000 }),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('', 'stable-2.9.5', 'cr.l5d.io/linkerd/web', '25,443,587,3306,11211,5432', 'yes', '0x1F', '1.17', '~'),
);

function build(entries: [string[], Plain][]): PlainMap {
  const root: PlainMap = {};
  outer: for (const [path, value] of entries) {
    let cur: PlainMap = root;
    for (const k of path.slice(0, -1)) {
      const next = cur[k];
      if (next === undefined) cur = cur[k] = {};
      else if (next && typeof next === 'object' && !Array.isArray(next)) cur = next as PlainMap;
      else continue outer;
    }
    const last = path[path.length - 1];
    if (cur[last] === undefined) cur[last] = value;
  }
  return root;
}

const valuesDoc = fc
  .tuple(
    fc.subarray(known, { maxLength: 40 }),
    fc.array(scalar, { minLength: 40, maxLength: 40 }),
    fc.array(fc.tuple(fc.constantFrom('extra', 'custom', 'global'), fc.string({ minLength: 1, maxLength: 6 }), scalar), { maxLength: 3 }),
    fc.boolean(),
  )
  .map(([paths, values, extras, comment]) => {
    const entries: [string[], Plain][] = paths.map((p, i) => [p, values[i]]);
    for (const [a, b, v] of extras) entries.push([[a, b.replace(/[.:"<]/g, '_') || 'k'], v]); // '<<' would be a merge key
    const text = stringify(build(entries), { lineWidth: 0 });
    return comment ? `# generated\n${text.replace(/\n/, ' # first\n')}` : text;
  });

// A fixed seed keeps CI reproducible; explore with PROPERTY_SEED=random PROPERTY_RUNS=5000.
const seed = process.env.PROPERTY_SEED === 'random' ? undefined : Number(process.env.PROPERTY_SEED ?? 20261121);
const runs = { numRuns: Number(process.env.PROPERTY_RUNS ?? 200), ...(seed === undefined ? {} : { seed }) };

describe('engine properties', () => {
  // Every generated file is a valid 2.9 values file: nothing to refuse, so any error is a bug.
  it('migrates every generated file without an error, and its output parses', () => {
    fc.assert(
      fc.property(valuesDoc, (text) => {
        const r = migrateText(text, 'linkerd2', '2.9', 'latest', { trustChart: true });
        for (const out of r.files.values()) expect(() => parseValues(out, 'out')).not.toThrow();
      }),
      runs,
    );
  });

  // A user who runs a step twice (the migrated file again, with the same --from) gets the same
  // file back: no operation re-applies to what it already produced.
  it('running a step again on its own output changes nothing', () => {
    let nonEmpty = 0;
    fc.assert(
      fc.property(valuesDoc, (text) => {
        const first = migrateText(text, 'linkerd2', '2.9', '2.10', { trustChart: true }).files.get('linkerd2')!;
        const again = migrateText(first, 'linkerd2', '2.9', '2.10', { trustChart: true });
        expect(again.result.steps).toHaveLength(1);
        expect(again.files.get('linkerd2')).toBe(first);
        if (first.trim() !== '' && first.trim() !== '{}') nonEmpty++;
      }),
      runs,
    );
    // The property is about real files, not empty ones.
    expect(nonEmpty).toBeGreaterThan(runs.numRuns / 2);
  });

  // Except for values one step shares between two files the same run produces
  // (`Migration.shared`): 2.9 pod annotations reach linkerd-viz only in a run that has both files
  // at 2.10 → 2.11; run one step at a time, the report tells the user to add them.
  it('2.9 → 2.12 in one go equals the three steps one by one', () => {
    fc.assert(
      fc.property(valuesDoc.filter((t) => parseValues(t, 'v').values.get(['global', 'podAnnotations']) === undefined), (text) => {
        const direct = migrateText(text, 'linkerd2', '2.9', '2.12', { trustChart: true }).files;
        let current = new Map([['linkerd2', text]]);
        for (const [from, to] of [['2.9', '2.10'], ['2.10', '2.11'], ['2.11', '2.12']]) {
          const next = new Map<string, string>();
          for (const [chart, t] of current) {
            for (const [c, out] of migrateText(t, chart, from, to, { trustChart: true }).files) if (!next.has(c)) next.set(c, out);
          }
          current = next;
        }
        expect([...current.keys()].sort()).toEqual([...direct.keys()].sort());
        for (const [chart, out] of direct) expect(current.get(chart), chart).toBe(out);
      }),
      runs,
    );
  });
});
