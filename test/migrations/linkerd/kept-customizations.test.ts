/**
 * Customizations users keep in real values files (HA control planes, version pins, external
 * Prometheus, the tracing add-on, webhook certificates) that earlier versions of the pack lost
 * while reporting success. Each is migrated and then rendered on the real target chart; the
 * assertion is about the manifests, and the unmigrated input fails it.
 */
import { describe, expect, it } from 'vitest';
import type { PlainMap } from '../../../src/core/plain.js';
import { toYaml } from '../../../src/values/manifests.js';
import { parseValues } from '../../../src/values/parse.js';
import { withPlaceholders } from '../../../src/verify/placeholders.js';
import { migrateText, pack } from '../../helpers/migrate.js';
import { container, findObject, renderChart, type RenderResult } from '../../helpers/render.js';
import { chartPath } from '../../helpers/shared.js';
import { ready as needs } from '../../helpers/prereq.js';

const ready = needs('shared', 'binaries');

function render(chart: string, release: string, values: PlainMap, namespace = 'linkerd'): RenderResult {
  const r = renderChart(chartPath(pack, release, chart), toYaml(withPlaceholders(pack, chart, release, values)), { namespace });
  if (!r.ok) throw new Error(`${chart} ${release} does not render: ${r.error?.split('\n')[0]}`);
  return r;
}

/** Migrates, and renders every output; also returns the unmigrated input's render on the primary target. */
function migrateAndRender(input: string, chart: string, from: string, to: string) {
  const m = migrateText(input, chart, from, to);
  const out = new Map<string, RenderResult>();
  for (const o of m.result.outputs) out.set(o.chart, render(o.chart, m.result.to.id, o.doc.toPlain()));
  return { m, out };
}

function unmigrated(input: string, chart: string, release: string): RenderResult | undefined {
  const r = renderChart(chartPath(pack, release, chart), toYaml(withPlaceholders(pack, chart, release, parseValues(input, 'in').values.toPlain())), { namespace: 'linkerd' });
  return r.ok ? r : undefined;
}

const replicas = (r: RenderResult | undefined, name: string) => (findObject(r ?? { objects: [] } as never, 'Deployment', name) as any)?.spec?.replicas;
const kinds = (r: RenderResult | undefined, kind: string) => (r?.objects ?? []).filter((o) => o.kind === kind).map((o) => o.metadata.name);
const args = (r: RenderResult | undefined, kind: string, name: string, c: string): string[] => container(findObject(r ?? ({ objects: [] } as never), kind, name), c)?.args ?? [];

describe.skipIf(!ready)('customizations kept on the real charts', () => {
  it('an HA control plane keeps 3 replicas at 2.11 (controllerReplicas still sizes destination, identity, injector)', () => {
    const input = 'controllerReplicas: 3\n';
    const { out } = migrateAndRender(input, 'linkerd2', '2.10', '2.11');
    for (const d of ['linkerd-destination', 'linkerd-identity', 'linkerd-proxy-injector']) expect(replicas(out.get('linkerd2'), d), d).toBe(3);
  });

  it('2.11 anti-affinity keeps its PodDisruptionBudgets and one-at-a-time rollout on 2.12', () => {
    const input = 'enablePodAntiAffinity: true\ncontrollerReplicas: 3\n';
    const { out } = migrateAndRender(input, 'linkerd2', '2.11', '2.12');
    const cp = out.get('linkerd-control-plane');
    expect(kinds(cp, 'PodDisruptionBudget').length).toBeGreaterThan(0);
    expect((findObject(cp!, 'Deployment', 'linkerd-destination') as any).spec.strategy.rollingUpdate.maxUnavailable).toBe(1);
    expect(kinds(unmigrated(input, 'linkerd-control-plane', '2.12'), 'PodDisruptionBudget')).toEqual([]);
  });

  it('values are read as Helm reads them (YAML 1.1): `yes` is true, `010` is 8', () => {
    const input = 'enablePodAntiAffinity: yes\ncontrollerReplicas: 010\n';
    // Helm itself, on the source chart: anti-affinity on, 8 replicas.
    expect(replicas(unmigrated(input, 'linkerd2', '2.11'), 'linkerd-destination')).toBe(8);
    const { m, out } = migrateAndRender(input, 'linkerd2', '2.11', '2.12');
    const cp = out.get('linkerd-control-plane');
    expect(replicas(cp, 'linkerd-destination')).toBe(8);
    expect(kinds(cp, 'PodDisruptionBudget').length).toBeGreaterThan(0);
    expect(m.files.get('linkerd-control-plane')).toContain('controllerReplicas: 010');
  });

  it('version pins of any 2.11 patch are dropped and reported; a custom pin is kept and reported', () => {
    const input = 'linkerdVersion: stable-2.11.1\nproxyInit:\n  image:\n    version: v1.4.0\npolicyController:\n  image:\n    version: mirror-7\n';
    const { m, out } = migrateAndRender(input, 'linkerd2', '2.11', '2.12');
    const cp = out.get('linkerd-control-plane');
    const images = (cp?.objects ?? []).flatMap((o: any) => [...(o.spec?.template?.spec?.containers ?? []), ...(o.spec?.template?.spec?.initContainers ?? [])].map((c: any) => c.image as string));
    expect(images.filter((i) => i.includes('2.11.1') || i.endsWith(':v1.4.0'))).toEqual([]);
    expect(images).toContain('cr.l5d.io/linkerd/proxy-init:v2.0.0');
    expect(images.some((i) => i.endsWith('/controller:mirror-7') || i.endsWith('/policy-controller:mirror-7'))).toBe(true);
    const dropped = m.of('dropped').map((d) => d.path);
    expect(dropped).toEqual(expect.arrayContaining(['linkerdVersion', 'proxyInit.image.version']));
    expect(m.of('note').some((n) => n.text.includes('policyController.image.version stays pinned to mirror-7'))).toBe(true);
    const before = unmigrated(input, 'linkerd-control-plane', '2.12');
    expect(JSON.stringify(before?.objects ?? [])).toContain('stable-2.11.1');
  });

  it('2.9 controllerReplicas also sizes viz tap', () => {
    const { out } = migrateAndRender('controllerReplicas: 3\n', 'linkerd2', '2.9', '2.10');
    expect(replicas(out.get('linkerd-viz'), 'tap')).toBe(3);
  });

  it('an external Prometheus reaches the 2.14 control-plane heartbeat as well as viz', () => {
    const url = 'http://prometheus.monitoring.svc:9090';
    const { out } = migrateAndRender(`global:\n  prometheusUrl: ${url}\n`, 'linkerd2', '2.9', '2.14');
    const heartbeat = (findObject(out.get('linkerd-control-plane')!, 'CronJob', 'linkerd-heartbeat') as any).spec.jobTemplate.spec.template.spec.containers[0].args as string[];
    expect(heartbeat).toContain(`-prometheus-url=${url}`);
    expect(args(out.get('linkerd-viz'), 'Deployment', 'metrics-api', 'metrics-api')).toContain(`-prometheus-url=${url}`);
  });

  it('the 2.9 tracing add-on becomes linkerd-jaeger values, its collector sized as before', () => {
    // Both cpu and memory: the resources partial of 2.9 and 2.10 dereferences each.
    const input = 'tracing:\n  enabled: true\n  collector:\n    resources:\n      cpu:\n        limit: 750m\n      memory:\n        limit: 300Mi\n';
    const { m, out } = migrateAndRender(input, 'linkerd2', '2.9', '2.10');
    expect(m.result.outputs.map((o) => o.chart)).toContain('linkerd-jaeger');
    const collector = container(findObject(out.get('linkerd-jaeger')!, 'Deployment', 'collector'), 'oc-collector');
    expect(collector?.resources?.limits?.cpu).toBe('750m');
    // Enabled with nothing else set: still a linkerd-jaeger file to install, the collector and Jaeger as before.
    const bare = migrateAndRender('tracing:\n  enabled: true\n', 'linkerd2', '2.9', '2.10');
    expect(kinds(bare.out.get('linkerd-jaeger'), 'Deployment')).toEqual(expect.arrayContaining(['collector', 'jaeger']));
    // The dashboard keeps linking to Jaeger, now linkerd-jaeger's.
    expect(args(bare.out.get('linkerd-viz'), 'Deployment', 'web', 'web')).toContain('-jaeger-addr=jaeger.linkerd-jaeger.svc.cluster.local:16686');
  });

  it('a 2.11 file still selecting beta.kubernetes.io/os selects kubernetes.io/os on 2.12', () => {
    const input = 'nodeSelector:\n  beta.kubernetes.io/os: linux\n';
    const { out } = migrateAndRender(input, 'linkerd2', '2.11', '2.12');
    const sel = (findObject(out.get('linkerd-control-plane')!, 'Deployment', 'linkerd-destination') as any).spec.template.spec.nodeSelector;
    expect(sel).toEqual({ 'kubernetes.io/os': 'linux' });
  });

  it('with an external CA the trust anchors are not reported missing', () => {
    const m = migrateText('identity:\n  externalCA: true\n  issuer:\n    scheme: kubernetes.io/tls\n', 'linkerd2', '2.11', '2.12');
    expect(m.result.missingRequired.map((r) => r.path)).not.toContain('identityTrustAnchorsPEM');
    const own = migrateText('identity:\n  issuer:\n    scheme: kubernetes.io/tls\n', 'linkerd2', '2.11', '2.12');
    expect(own.result.missingRequired.map((r) => r.path)).toContain('identityTrustAnchorsPEM');
  });

  it('proxyInit.closeWaitTimeoutSecs still renders on edge (runAsRoot set, reported)', () => {
    const input = 'proxyInit:\n  closeWaitTimeoutSecs: 120\n';
    const { m, out } = migrateAndRender(input, 'linkerd-control-plane', '2.14', 'edge-26.8.3');
    expect(JSON.stringify(out.get('linkerd-control-plane')!.objects)).toContain('"120"');
    expect(m.of('note').some((n) => n.text.includes('runAsRoot'))).toBe(true);
    expect(unmigrated(input, 'linkerd-control-plane', 'edge-26.8.3')).toBeUndefined();
  });

  it('a 2.11 webhook caBundle without externalSecret renders on 2.12', () => {
    const input = 'proxyInjector:\n  caBundle: |\n    -----BEGIN CERTIFICATE-----\n    abc\n    -----END CERTIFICATE-----\n';
    const { m } = migrateAndRender(input, 'linkerd2', '2.11', '2.12');
    expect(m.of('dropped').map((d) => d.path)).toContain('proxyInjector.caBundle');
    expect(unmigrated(input, 'linkerd-control-plane', '2.12')).toBeUndefined();
  });

  it('2.9 pod annotations and labels reach the viz pods (annotations from 2.11, where viz can render them)', () => {
    const input = 'global:\n  podAnnotations:\n    team: mesh\n  podLabels:\n    cost-centre: platform\n';
    const { out } = migrateAndRender(input, 'linkerd2', '2.9', '2.11');
    const tap = (findObject(out.get('linkerd-viz')!, 'Deployment', 'tap') as any).spec.template.metadata;
    expect(tap.annotations.team).toBe('mesh');
    expect(tap.labels['cost-centre']).toBe('platform');
  });
});
