/**
 * Regenerates fixtures/<pack>/<step>/<case>/expected/ from the current engine. Review the diff before
 * committing: these files are the tests' idea of correct output.
 *
 *   node --import tsx scripts/update-fixtures.ts
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packs } from '../migrations/index.js';
import { listFixtures, produce } from '../test/helpers/fixtures.js';

for (const c of packs.flatMap((p) => listFixtures(p))) {
  const dir = join(c.dir, 'expected');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of produce(c)) writeFileSync(join(dir, name), text);
  process.stderr.write(`updated ${c.pack.name}/${c.id}\n`);
}
