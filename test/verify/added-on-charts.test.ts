/**
 * "Nothing added" on the real charts, for the kinds of addition no perturbation of a chart's own
 * defaults produces: a flag that starts winning when it moves. The migration's own output must
 * add nothing; a naive one (the flag moved as it was) must be caught.
 */
import { describe, expect, it } from 'vitest';
import traefik from '../../migrations/traefik/index.js';
import type { PlainMap } from '../../src/core/plain.js';
import type { Diagnostic } from '../../src/core/types.js';
import { parseValues } from '../../src/values/parse.js';
import { verifyMigration, type VerifyReport } from '../../src/verify/verify.js';
import { migrateText } from '../helpers/migrate.js';
import { ready as needs } from '../helpers/prereq.js';
import { hasChart } from '../helpers/shared.js';
import { packRenderer } from '../oracle/charts.js';

const ready = needs('shared', 'binaries') && hasChart(traefik, '34', 'traefik') && hasChart(traefik, '36', 'traefik');

function verify(sourceValues: PlainMap, migrated: PlainMap, diagnostics: Diagnostic[] = []): Promise<VerifyReport> {
  return verifyMigration({
    pack: traefik,
    chart: 'traefik',
    from: '34',
    to: '36',
    sourceValues,
    outputs: [{ chart: 'traefik', values: migrated }],
    diagnostics,
    render: packRenderer(traefik),
  });
}

describe.skipIf(!ready)('a flag that starts winning, on the real Traefik charts', () => {
  // Chart 34 put globalArguments before its own --entrypoints.web.address=:8000: the user's :80 lost.
  const input = 'globalArguments:\n  - "--entrypoints.web.address=:80"\n  - "--serverstransport.insecureskipverify=true"\n';
  const source = parseValues(input, 'input').values.toPlain() as PlainMap;

  it('moved as it was into additionalArguments, after the chart\'s own, it is reported as added', async () => {
    const naive = { additionalArguments: ['--entrypoints.web.address=:80', '--serverstransport.insecureskipverify=true'] };
    const r = await verify(source, naive);
    expect(r.added.filter((a) => !a.said).map((a) => `${a.field}: ${a.before} → ${a.after}`)).toEqual(['spec.template.spec.containers[traefik].args{--entrypoints.web.address}: (absent) → :80']);
  });

  it('the migration\'s own output adds nothing', async () => {
    const r = migrateText(input, 'traefik', '34', '36', { pack: traefik });
    const out = parseValues(r.files.get('traefik')!, 'out').values.toPlain() as PlainMap;
    const report = await verify(source, out, r.result.diagnostics);
    expect(report.added.filter((a) => !a.said)).toEqual([]);
  });
});
