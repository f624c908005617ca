import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packs } from '../../migrations/index.js';
import { docPath, renderPackDoc } from '../../scripts/generate-docs.js';

describe('generated migration docs', () => {
  it.each(packs.map((p) => [p.name, p] as const))('docs/migrations/%s.md is up to date (npm run docs)', (_, pack) => {
    expect(readFileSync(docPath(pack), 'utf8')).toBe(renderPackDoc(pack));
  });

  // On the committed files, not on a fresh render: a generator that lost a step or an
  // operation would be caught here even if the file was regenerated with it.
  it('the committed docs name every step and every path an operation moves or drops', () => {
    for (const pack of packs) {
      const doc = readFileSync(docPath(pack), 'utf8');
      for (const m of pack.migrations) {
        expect(doc).toContain(`## ${m.from} → ${m.to}`);
        for (const c of m.charts) {
          for (const op of c.operations) {
            const path = op.op === 'remove' || op.op === 'keep-old-default' ? op.path : op.op === 'hook' ? op.name : op.from;
            expect(doc, `${m.from} → ${m.to} ${c.chart} ${op.op}`).toContain(path.replace(/^[\w-]+:/, ''));
          }
        }
      }
    }
  });
});
