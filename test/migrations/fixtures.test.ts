/**
 * Every pack's fixture cases (fixtures/<pack>/<step>/<case>/), compared byte for byte: a new
 * pack gets this runner by registering, and must ship a case for each step of its chain.
 */
import { describe, expect, it } from 'vitest';
import { packs } from '../../migrations/index.js';
import type { Pack } from '../../src/core/types.js';
import { listFixtures, produce, readExpected } from '../helpers/fixtures.js';

describe.each(packs.map((p) => [p.name, p] as [string, Pack]))('fixture cases of pack %s, compared byte for byte', (_, pack) => {
  const cases = listFixtures(pack);

  it('cover every step of the chain', () => {
    const steps = new Set(cases.map((c) => c.id.split('/')[0]));
    for (const m of pack.migrations) expect(steps, `${m.from}-to-${m.to}`).toContain(`${m.from}-to-${m.to}`);
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_, c) => {
    const expected = readExpected(c);
    const actual = produce(c);
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [name, text] of expected) expect(actual.get(name), `${c.id}/expected/${name}`).toBe(text);
  });
});
