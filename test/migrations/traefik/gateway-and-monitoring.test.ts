/**
 * Traefik chart 28 → 30, judged by the real charts: the Gateway (listeners, certificate,
 * allowed namespaces), the Gateway API provider, the ServiceMonitor and the dashboard
 * IngressRoute chart 28 rendered are rendered by chart 30 from the migrated values; from the
 * unmigrated values chart 30 renders no Gateway, no provider, no ServiceMonitor, no dashboard.
 */
import { describe, expect, it } from 'vitest';
import { migrateText } from '../../helpers/migrate.js';
import { ready as needs } from '../../helpers/prereq.js';
import { hasTraefikChart, renderTraefik, traefik, traefikArgs } from '../../helpers/traefik.js';
import type { RenderResult } from '../../helpers/render.js';

const ready = needs('shared', 'binaries') && hasTraefikChart('28');
// The cluster has the Prometheus Operator and Gateway API CRDs, as a user of these values does.
const apiVersions = ['monitoring.coreos.com/v1', 'gateway.networking.k8s.io/v1'];
const render = (release: string, values: string): RenderResult => renderTraefik(release, values, { apiVersions });

function effects(r: RenderResult) {
  expect(r.ok, r.error).toBe(true);
  const gateway = r.objects.find((o) => o.kind === 'Gateway') as { spec?: { listeners?: { name: string; port: number; protocol: string; tls?: unknown; allowedRoutes?: unknown }[] } } | undefined;
  const monitor = r.objects.find((o) => o.kind === 'ServiceMonitor') as { metadata: { labels?: Record<string, string> }; spec?: { endpoints?: { interval?: string }[] } } | undefined;
  const args = traefikArgs(r).map((a) => a.toLowerCase());
  return {
    listeners: (gateway?.spec?.listeners ?? []).map((l) => ({ port: l.port, protocol: l.protocol, tls: l.tls, allowedRoutes: l.allowedRoutes })).sort((a, b) => a.port - b.port),
    provider: args.includes('--providers.kubernetesgateway'),
    monitor: monitor ? { release: monitor.metadata.labels?.release, interval: monitor.spec?.endpoints?.[0]?.interval } : undefined,
    dashboard: r.objects.some((o) => o.kind === 'IngressRoute' && /dashboard/.test(o.metadata.name)),
  };
}

const input = `metrics:
  prometheus:
    serviceMonitor:
      interval: 30s
      additionalLabels:
        release: kube-prometheus
experimental:
  kubernetesGateway:
    enabled: true
    namespacePolicy: All
    certificate:
      group: core
      kind: Secret
      name: shop-tls
`;

describe.skipIf(!ready)('traefik 28 → 30 on the real charts', () => {
  it('the Gateway, its provider, the ServiceMonitor and the dashboard IngressRoute stay; unmigrated, chart 30 renders none of them', () => {
    const before = effects(render('28', input));
    expect(before.listeners.length).toBe(2);
    expect(before.monitor).toEqual({ release: 'kube-prometheus', interval: '30s' });
    const out = migrateText(input, 'traefik', '28', '30', { pack: traefik }).files.get('traefik')!;
    expect(effects(render('30', out))).toEqual(before);
    const unmigrated = effects(render('30', input));
    expect([unmigrated.provider, unmigrated.monitor, unmigrated.dashboard]).toEqual([false, undefined, false]);
  });
});
