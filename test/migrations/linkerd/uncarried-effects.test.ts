/**
 * Effects no value can carry: where the target chart cannot express what the user's values did,
 * the report says so in words. Each case shows the effect on the real source chart, its absence
 * on the real target chart whatever the migrated values say, and the report's sentence.
 */
import { describe, expect, it } from 'vitest';
import type { PlainMap } from '../../../src/core/plain.js';
import { toYaml } from '../../../src/values/manifests.js';
import { withPlaceholders } from '../../../src/verify/placeholders.js';
import { migrateText, pack } from '../../helpers/migrate.js';
import { renderChart } from '../../helpers/render.js';
import { ready as needs } from '../../helpers/prereq.js';
import { chartPath } from '../../helpers/shared.js';

const ready = needs('shared', 'binaries');

/** The heartbeat CronJob's -prometheus-url, as the chart renders it. */
function heartbeatUrl(chart: string, release: string, values: PlainMap): string | undefined {
  const r = renderChart(chartPath(pack, release, chart), toYaml(withPlaceholders(pack, chart, release, values)), { namespace: 'linkerd' });
  expect(r.ok, r.error).toBe(true);
  return /-prometheus-url=([^"\s]+)/.exec(r.text)?.[1];
}

describe.skipIf(!ready)('effects no value can carry are said', () => {
  it('2.9 → 2.10: an external global.prometheusUrl no longer reaches the heartbeat (hard-coded to linkerd-viz until 2.14)', () => {
    const url = 'http://prometheus.monitoring.svc.cluster.local:9090';
    const input = { global: { prometheusUrl: url }, prometheus: { enabled: false } };
    expect(heartbeatUrl('linkerd2', '2.9', input)).toBe(url);
    const m = migrateText(toYaml(input), 'linkerd2', '2.9', '2.10');
    const core = m.result.outputs.find((o) => o.chart === 'linkerd2')!.doc.toPlain() as PlainMap;
    expect(heartbeatUrl('linkerd2', '2.10', core)).toMatch(/^http:\/\/prometheus\.linkerd-viz\.svc/);
    expect(m.of('note').map((n) => n.text).join('\n')).toMatch(/global\.prometheusUrl \(http:\/\/prometheus\.monitoring[^)]*\) goes to linkerd-viz as prometheusUrl, but from 2\.10 the heartbeat CronJob always queries linkerd-viz's own Prometheus/);
    // From 2.14 the heartbeat reads prometheusUrl again, and gets the user's.
    const to214 = migrateText(toYaml(input), 'linkerd2', '2.9', '2.14');
    const cp = to214.result.outputs.find((o) => o.chart === 'linkerd-control-plane')!.doc.toPlain() as PlainMap;
    expect(heartbeatUrl('linkerd-control-plane', '2.14', cp)).toBe(url);
  });
});
