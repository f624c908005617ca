/**
 * Fixture cases: fixtures/<pack>/<step>/<case>/{case.yaml,input.yaml,expected/}. The expected
 * folder holds one <chart>.values.yaml per target chart and report.txt (the text report, no
 * colour), compared byte for byte so a lost comment or a changed report line fails.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { renderValuesReport } from '../../src/cli/render-values-report.js';
import { buildValuesReport } from '../../src/cli/values-report.js';
import { migrateText } from './migrate.js';
import { repoRoot } from './shared.js';
import type { Pack } from '../../src/core/types.js';
import linkerd from '../../migrations/linkerd/index.js';

export interface FixtureCase {
  pack: Pack;
  id: string;
  dir: string;
  chart: string;
  from: string;
  to: string;
  adoptNewDefaults: boolean;
}

/** A pack's cases; none when it has no fixtures folder (the fixtures test demands one per step). */
export function listFixtures(pack: Pack = linkerd): FixtureCase[] {
  const root = join(repoRoot, 'fixtures', pack.name);
  const out: FixtureCase[] = [];
  if (!existsSync(root)) return out;
  for (const step of readdirSync(root).sort()) {
    for (const name of readdirSync(join(root, step)).sort()) {
      const dir = join(root, step, name);
      if (!existsSync(join(dir, 'case.yaml'))) continue;
      // Failsafe schema: versions such as 2.10 stay strings instead of becoming the number 2.1.
      const c = parse(readFileSync(join(dir, 'case.yaml'), 'utf8'), { schema: 'failsafe' }) as Record<string, string>;
      out.push({ pack, id: `${step}/${name}`, dir, chart: String(c.chart), from: String(c.from), to: String(c.to), adoptNewDefaults: c.adoptNewDefaults === 'true' });
    }
  }
  return out;
}

/** What the tool produces for a case: file name → content. */
export function produce(c: FixtureCase): Map<string, string> {
  const input = readFileSync(join(c.dir, 'input.yaml'), 'utf8');
  const r = migrateText(input, c.chart, c.from, c.to, { adoptNewDefaults: c.adoptNewDefaults, pack: c.pack });
  const files = new Map<string, string>();
  for (const [chart, text] of r.files) files.set(`${chart}.values.yaml`, text);
  const names = new Map([...r.files.keys()].map((chart) => [chart, `${chart}.values.yaml`]));
  files.set('report.txt', renderValuesReport(buildValuesReport(r.result, names), false));
  return files;
}

export function readExpected(c: FixtureCase): Map<string, string> {
  const dir = join(c.dir, 'expected');
  const files = new Map<string, string>();
  if (!existsSync(dir)) return files;
  for (const f of readdirSync(dir).sort()) files.set(f, readFileSync(join(dir, f), 'utf8'));
  return files;
}
