import { describe, expect, it } from 'vitest';
import { pack } from '../../helpers/migrate.js';
import { listFixtures, produce, readExpected } from '../../helpers/fixtures.js';

const cases = listFixtures();

describe('fixture cases, compared byte for byte', () => {
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
