/**
 * Linkerd 2.14 → edge, the control plane's PodMonitor for the service mirror, judged by the real
 * charts: edge still renders it, under the name of the multicluster controller that replaced the
 * service mirror (and scraping that controller's pods too). The settings reach it under its new
 * name; anything that selected it by name must be told, and only users who have it are.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { PlainMap } from '../../../src/core/plain.js';
import { toYaml } from '../../../src/values/manifests.js';
import { withPlaceholders } from '../../../src/verify/placeholders.js';
import { migrateText, pack } from '../../helpers/migrate.js';
import { findObject, renderChart, type RenderResult } from '../../helpers/render.js';
import { chartPath } from '../../helpers/shared.js';
import { ready as needs } from '../../helpers/prereq.js';

const ready = needs('shared', 'binaries');
const chart = 'linkerd-control-plane';

function render(release: string, values: PlainMap): RenderResult {
  const r = renderChart(chartPath(pack, release, chart), toYaml(withPlaceholders(pack, chart, release, values)), { namespace: 'linkerd' });
  expect(r.ok, r.error).toBe(true);
  return r;
}

const mirrorNotes = (input: string) => migrateText(input, chart, '2.14', 'edge-26.8.3').of('note').map((n) => n.text).filter((t) => t.includes('linkerd-multicluster-controller'));

describe.skipIf(!ready)('linkerd 2.14 → edge: the service-mirror PodMonitor', () => {
  it('is renamed with the settings it had, and the migration says so', () => {
    const input = 'podMonitor:\n  enabled: true\n  scrapeInterval: 30s\n  labels:\n    release: prom\n';
    const before = findObject(render('2.14', { podMonitor: { enabled: true, scrapeInterval: '30s', labels: { release: 'prom' } } }), 'PodMonitor', 'linkerd-service-mirror');
    expect(before).toBeDefined();
    const out = migrateText(input, chart, '2.14', 'edge-26.8.3').files.get(chart)!;
    const after = render('edge-26.8.3', parse(out));
    expect(findObject(after, 'PodMonitor', 'linkerd-service-mirror')).toBeUndefined();
    const renamed = findObject(after, 'PodMonitor', 'linkerd-multicluster-controller') as any;
    expect(renamed?.metadata.labels?.release).toBe('prom');
    expect(renamed?.spec.podMetricsEndpoints[0].interval).toBe('30s');
    expect(mirrorNotes(input)).toHaveLength(1);
  });

  it('says nothing where there is none', () => {
    expect(mirrorNotes('podMonitor:\n  enabled: false\n')).toEqual([]);
    expect(mirrorNotes('podMonitor:\n  enabled: true\n  serviceMirror:\n    enabled: false\n')).toEqual([]);
    expect(mirrorNotes('controllerReplicas: 2\n')).toEqual([]);
  });
});
