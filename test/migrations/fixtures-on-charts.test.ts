/**
 * The fixtures' expected files are written by the code they test, so byte-for-byte comparison
 * proves only that nothing changed. Here the charts judge them, for every pack: each case's input
 * is rendered on its source chart and the expected files on the target charts (real helm), and
 * every customization of the input must be in force there, or explained by a drop the expected
 * report makes; and every effect of the expected files on the target render must have been in
 * force on the source render, or be said by a note of the migration (the same two comparisons
 * as `--verify`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlainMap } from '../../src/core/plain.js';
import { parseValues } from '../../src/values/parse.js';
import { verifyMigration } from '../../src/verify/verify.js';
import { packs } from '../../migrations/index.js';
import { listFixtures, readExpected } from '../helpers/fixtures.js';
import { migrateText } from '../helpers/migrate.js';
import { present, ready as needs } from '../helpers/prereq.js';
import { chartPath } from '../helpers/shared.js';
import { packRenderer } from '../oracle/charts.js';

const ready = needs('shared', 'binaries');

describe.skipIf(!ready).concurrent('fixture expectations, checked on the real charts', () => {
  it.each(packs.flatMap((p) => listFixtures(p)).map((c) => [`${c.pack.name} ${c.id}`, c] as const))('%s', async (_, c) => {
    const { pack } = c;
    const input = readFileSync(join(c.dir, 'input.yaml'), 'utf8');
    const r = migrateText(input, c.chart, c.from, c.to, { adoptNewDefaults: c.adoptNewDefaults, pack });
    const expected = readExpected(c);
    // The outputs as the fixture states them (not as the code produces them now).
    const outputs = r.result.outputs.map((o) => ({ chart: o.chart, values: parseValues(expected.get(`${o.chart}.values.yaml`) ?? '', 'expected').values.toPlain() as PlainMap }));
    // Every chart a fixture names is stored: one that is not fails (under CI) or skips, never passes.
    const charts = [[r.result.from.id, c.chart], ...outputs.map((o) => [r.result.to.id, o.chart])];
    if (!charts.every(([release, chart]) => present(join(chartPath(pack, release, chart), 'Chart.yaml'), `chart ${chart} of ${release}`))) return;
    const report = await verifyMigration({
      pack,
      chart: c.chart,
      from: r.result.from.id,
      to: r.result.to.id,
      sourceValues: parseValues(input, 'input').values.toPlain() as PlainMap,
      outputs,
      diagnostics: r.result.diagnostics,
      render: packRenderer(pack),
    });
    const unexplained = report.lost.filter((l) => !l.reported).map((l) => `${l.object} ${l.field}: ${l.before} → ${l.after}`);
    expect(unexplained.sort(), 'lost').toEqual([...(knownLosses[`${pack.name} ${c.id}`] ?? [])].sort());
    const added = report.added.filter((a) => !a.said).map((a) => `${a.object} ${a.field}: ${a.before} → ${a.after}`);
    expect(added.sort(), 'added, and not said').toEqual([]);
  }, 10 * 60_000);
});

/**
 * Losses the charts show for a fixture that no drop explains, each with why it is right. Empty
 * unless a fixture documents an upstream change on purpose.
 */
const knownLosses: Record<string, string[]> = {
  // Traefik v3.1 (chart 30) has the Gateway API provider out of experimental: the feature gate
  // flag is gone, and the provider's own flag (checked) is what turns it on.
  'traefik 28-to-30/gateway-and-monitoring': ['Deployment/traefik spec.template.spec.containers[traefik].args[]=--experimental.kubernetesgateway: --experimental.kubernetesgateway → (absent)'],
  // Part of the SMI metrics component, dropped and reported at 2.9 (smiMetrics); its APIService
  // is named after the API group, not the component, so the report's drop is not matched by name.
  'linkerd 2.8-to-2.9/linkerd2-prometheus-and-networks': ['APIService/v1alpha1.metrics.smi-spec.io : present → (absent)'],
  // 2.10 moved Prometheus queries from the controller to viz metrics-api (which gets the URL), and
  // its heartbeat asks the viz Prometheus by a fixed address; the URL is carried to viz.
  'linkerd 2.9-to-2.10/linkerd2-viz-and-jaeger-split': [
    'Deployment/linkerd-controller spec.template.spec.containers[public-api].args[]=-prometheus-url=http://prometheus.monitoring:9090: -prometheus-url=http://prometheus.monitoring:9090 → (absent)',
    'CronJob/linkerd-heartbeat spec.jobTemplate.spec.template.spec.containers[heartbeat].args[]=-prometheus-url=http://prometheus.monitoring:9090: -prometheus-url=http://prometheus.monitoring:9090 → (absent)',
    // The dashboard keeps its Jaeger links, to the Jaeger linkerd-jaeger runs (viz jaegerUrl):
    // another address by design (kept-customizations.test.ts asserts the new one).
    'Deployment/linkerd-web spec.template.spec.containers[web].args[]=-jaeger-addr=linkerd-jaeger.linkerd.svc.cluster.local:16686: -jaeger-addr=linkerd-jaeger.linkerd.svc.cluster.local:16686 → (absent)',
  ],
  // omitWebhookSideEffects is dropped and reported: from 2.11 every webhook declares
  // sideEffects: None. The drop's value is a boolean, which no rendered text carries.
  'linkerd 2.10-to-2.11/linkerd2-controller-removed': [
    'MutatingWebhookConfiguration/linkerd-proxy-injector-webhook-config webhooks[linkerd-proxy-injector.linkerd.io].sideEffects: (absent) → None',
    'ValidatingWebhookConfiguration/linkerd-sp-validator-webhook-config webhooks[linkerd-sp-validator.linkerd.io].sideEffects: (absent) → None',
  ],
};
