import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packs } from '../../migrations/index.js';
import { docPath, renderPackDoc } from '../../scripts/generate-docs.js';

describe('generated migration docs', () => {
  it.each(packs.map((p) => [p.name, p] as const))('docs/migrations/%s.md is up to date (npm run docs)', (_, pack) => {
    expect(readFileSync(docPath(pack), 'utf8')).toBe(renderPackDoc(pack));
  });

  it('document every step of every pack', () => {
    for (const pack of packs) {
      const doc = renderPackDoc(pack);
      for (const m of pack.migrations) expect(doc).toContain(`## ${m.from} → ${m.to}`);
    }
  });
});
