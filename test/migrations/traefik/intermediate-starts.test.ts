/**
 * A values file of a Traefik chart between two stored ones (29.x, 31.x, 37.x): it starts inside
 * the step, skipping the changes its chart version already had, and keeps the settings only
 * that version had. Judged by rendering the real target chart; the same file taken as the
 * older release's, or not migrated at all, renders something else.
 */
import { describe, expect, it } from 'vitest';
import { migrateText } from '../../helpers/migrate.js';
import { ready as needs } from '../../helpers/prereq.js';
import type { RenderResult } from '../../helpers/render.js';
import { hasTraefikChart, renderTraefik, traefik, traefikArgs } from '../../helpers/traefik.js';

const ready = needs('shared', 'binaries') && hasTraefikChart('30') && hasTraefikChart('39');
const migrated = (input: string, from: string, to: string) => migrateText(input, 'traefik', from, to, { pack: traefik });
/** Everything the migration reported, one diagnostic per line. */
const said = (r: ReturnType<typeof migrated>) => r.result.diagnostics.map((d) => JSON.stringify(d)).join('\n');

function gatewayOf(r: RenderResult) {
  expect(r.ok, r.error).toBe(true);
  const gateway = r.objects.find((o) => o.kind === 'Gateway') as { spec?: { listeners?: { port: number; protocol: string; tls?: unknown; allowedRoutes?: unknown }[] } } | undefined;
  return {
    listeners: (gateway?.spec?.listeners ?? []).map((l) => ({ port: l.port, protocol: l.protocol, tls: l.tls, allowedRoutes: l.allowedRoutes })).sort((a, b) => a.port - b.port),
    dashboard: r.objects.some((o) => o.kind === 'IngressRoute' && /dashboard/.test(o.metadata.name)),
  };
}

describe.skipIf(!ready)('traefik values of a chart between two stored ones', () => {
  it('29.x: its Gateway settings (under gateway, a certificateRefs list) become chart 30 listeners; its dashboard stays off as 29 had it', () => {
    const input = `providers:
  kubernetesGateway:
    enabled: true
gateway:
  namespacePolicy: All # routes from every namespace
  certificateRefs:
    - group: core
      kind: Secret
      name: shop-tls
`;
    const result = migrated(input, '29.1.0', '30');
    const out = result.files.get('traefik')!;
    expect(out).toContain('# routes from every namespace');
    const after = gatewayOf(renderTraefik('30', out, { apiVersions: ['gateway.networking.k8s.io/v1'] }));
    expect(after.listeners).toEqual([
      { port: 8000, protocol: 'HTTP', tls: undefined, allowedRoutes: { namespaces: { from: 'All' } } },
      { port: 8443, protocol: 'HTTPS', tls: { certificateRefs: [{ group: 'core', kind: 'Secret', name: 'shop-tls' }] }, allowedRoutes: { namespaces: { from: 'All' } } },
    ]);
    // Chart 29 had already turned the dashboard IngressRoute off: nothing brings it back.
    expect(after.dashboard).toBe(false);
    expect(said(result)).toMatch(/traefik 29\.1\.0 lies between 28 \(28\.3\.0\) and 30/);
    // Taken as 28's values, the dashboard would come back (28 had it on by default).
    expect(gatewayOf(renderTraefik('30', migrateText(input, 'traefik', '28', '30', { pack: traefik, trustChart: true }).files.get('traefik')!, { apiVersions: ['gateway.networking.k8s.io/v1'] })).dashboard).toBe(true);
    // Unmigrated, chart 30 renders one listener, open to its own namespace only, and no HTTPS.
    expect(gatewayOf(renderTraefik('30', input, { apiVersions: ['gateway.networking.k8s.io/v1'] })).listeners).toEqual([{ port: 8000, protocol: 'HTTP', tls: undefined, allowedRoutes: undefined }]);
  });

  it('31.x: allowEmptyServices stays on as 31 turned it on; from 30 it stays off', () => {
    const input = 'providers:\n  kubernetesCRD:\n    namespaces: [shop]\n';
    const args = (from: string) => traefikArgs(renderTraefik('32', migrated(input, from, '32').files.get('traefik')!)).filter((a) => /allowEmptyServices|kubernetescrd\.namespaces/.test(a));
    expect(args('31.0.0').sort()).toEqual(['--providers.kubernetescrd.allowEmptyServices=true', '--providers.kubernetescrd.namespaces=shop', '--providers.kubernetesingress.allowEmptyServices=true']);
    expect(args('30')).toEqual(['--providers.kubernetescrd.namespaces=shop']);
  });

  it('37.x: the ingress-nginx and knative settings chart 37 introduced are renamed as chart 38 reads them; unmigrated, chart 39 refuses them', () => {
    const input = `providers:
  kubernetesIngressNginx:
    enabled: true
    namespaces: [apps] # one namespace
  knative:
    enabled: true
    labelselector: team=web
experimental:
  knative: true
`;
    const out = migrated(input, '37.2.0', '39').files.get('traefik')!;
    expect(out).toContain('watchNamespace: apps # one namespace');
    const args = traefikArgs(renderTraefik('39', out)).filter((a) => /kubernetesingressnginx\.watchnamespace|knative\.labelselector/i.test(a));
    expect(args).toEqual(['--providers.kubernetesingressnginx.watchnamespace=apps', '--providers.knative.labelSelector=team=web']);
    const unmigrated = renderTraefik('39', input);
    expect(unmigrated.ok).toBe(false);
    expect(unmigrated.error).toMatch(/additional properties '(namespaces|labelselector)' not allowed/);
  });

  it('37.x: several watched namespaces have no one successor: dropped, saying what to write instead', () => {
    const result = migrated('providers:\n  kubernetesIngressNginx:\n    enabled: true\n    namespaces: [apps, web]\n', '37.2.0', '39');
    expect(result.files.get('traefik')).not.toMatch(/namespaces|watchNamespace/);
    expect(said(result)).toMatch(/watchNamespace takes one namespace, not 2 \(apps, web\).*watchNamespaceSelector/);
  });
});
