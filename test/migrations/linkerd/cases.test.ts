/**
 * The values cases of ../shared/docs/prior-art.md §4.9 (L-01..L-10, L-24, L-26), one test each.
 * Inputs are written here so the suite runs without ../shared; the full-file case (L-02) reads the
 * real 2.9.5 chart values and skips without them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatPath } from '../../../src/core/paths.js';
import { leaves } from '../../../src/core/plain.js';
import { parseValues } from '../../../src/values/parse.js';
import { migrateText } from '../../helpers/migrate.js';
import { chartDir } from '../../helpers/shared.js';
import { ready as needs } from '../../helpers/prereq.js';

const pem = '-----BEGIN CERTIFICATE-----\nMIIBexampleTrustAnchor\n-----END CERTIFICATE-----\n';
const plain = (text: string) => parseValues(text, 'out').values.toPlain() as Record<string, any>;

describe('L-01 2.9→2.10 trust anchor move', () => {
  it('moves global.identityTrustAnchorsPEM to the root and names the move', () => {
    const input = `global:\n  identityTrustAnchorsPEM: |\n${pem.replace(/^/gm, '    ').trimEnd()}\n`;
    const r = migrateText(input, 'linkerd2', '2.9', '2.10');
    const out = plain(r.files.get('linkerd2')!);
    expect(out.identityTrustAnchorsPEM).toBe(pem);
    expect(out.global).toBeUndefined();
    expect(r.of('applied')).toContainEqual(expect.objectContaining({ op: 'hoist', from: 'global.identityTrustAnchorsPEM', to: 'identityTrustAnchorsPEM' }));
  });
});

describe('L-02 2.9→2.10: every global.* key reaches the root', () => {
  it.skipIf(!needs('shared'))('migrates the full 2.9.5 values.yaml, values and comments kept', () => {
    const file = join(chartDir('2.9', 'linkerd2'), 'values.yaml');
    const text = readFileSync(file, 'utf8');
    const r = migrateText(text, 'linkerd2', '2.9', '2.10');
    const out = plain(r.files.get('linkerd2')!);
    const before = plain(text);
    const elsewhere = new Set(['prometheusUrl', 'grafanaUrl', 'proxyContainerName']);
    const dropped = new Set(r.of('dropped').map((d) => d.path));
    const hardCoded = /^(createdByAnnotation|proxyInjectAnnotation|proxyInjectDisabled|controllerComponentLabel|controllerNamespaceLabel|linkerdNamespaceLabel|workloadNamespaceLabel)$/;
    let hoisted = 0;
    for (const [path, value] of leaves(before.global)) {
      const [top] = path;
      if (elsewhere.has(top) || hardCoded.test(top) || path.join('.').startsWith('proxy.trace')) continue;
      // The release's own version pins are dropped on purpose (src/core/version-pins.ts).
      if (dropped.has(path.join('.'))) continue;
      let cur: any = out;
      for (const k of path) cur = cur?.[k];
      expect(cur, formatPath(path)).toEqual(value);
      hoisted++;
    }
    expect(hoisted).toBeGreaterThanOrEqual(40);
    expect(out.global).toBeUndefined();
    // Comments of the chart's own file survive the hoist.
    expect(r.files.get('linkerd2')).toContain('# The kubernetes cluster domain.');
    expect(r.files.get('linkerd2')).toContain('# Default set of ports to skip via itpables:');
  });
});

describe('L-03 2.9→2.10 keys that move to other charts', () => {
  it('writes linkerd-viz and linkerd-jaeger values; nothing silently dropped', () => {
    const input = `global:
  grafanaUrl: grafana.mon:3000
  prometheusUrl: http://prom.mon:9090
  proxy:
    trace:
      collectorSvcAddr: collector.tracing:55678
      collectorSvcAccount: otel
`;
    const r = migrateText(input, 'linkerd2', '2.9', '2.10');
    expect([...r.files.keys()]).toEqual(['linkerd2', 'linkerd-viz', 'linkerd-jaeger']);
    const viz = plain(r.files.get('linkerd-viz')!);
    const jaeger = plain(r.files.get('linkerd-jaeger')!);
    expect(viz.grafanaUrl).toBe('grafana.mon:3000');
    expect(viz.prometheusUrl).toBe('http://prom.mon:9090');
    expect(jaeger.webhook).toEqual({ collectorSvcAddr: 'collector.tracing:55678', collectorSvcAccount: 'otel' });
    expect(plain(r.files.get('linkerd2')!)).toEqual({});
    expect(r.of('dropped')).toEqual([]);
  });
});

describe('L-04 2.9→2.10 hard-coded keys', () => {
  it('reports them dropped: info when default, warning when changed', () => {
    const r1 = migrateText('global:\n  proxyInjectAnnotation: linkerd.io/inject\n', 'linkerd2', '2.9', '2.10');
    expect(r1.of('dropped')).toEqual([expect.objectContaining({ path: 'global.proxyInjectAnnotation', severity: 'info' })]);
    const r2 = migrateText('global:\n  proxyInjectAnnotation: example.com/inject\n', 'linkerd2', '2.9', '2.10');
    expect(r2.of('dropped')).toEqual([expect.objectContaining({ path: 'global.proxyInjectAnnotation', severity: 'warning', why: expect.stringContaining('hard-coded') })]);
    expect(plain(r2.files.get('linkerd2')!)).toEqual({});
  });
});

describe('L-05 2.9→2.10 viz values in core values', () => {
  it('moves grafana, tap, webImage and dashboard settings into linkerd-viz', () => {
    const input = `grafana:
  enabled: false
tap:
  externalSecret: true
  caBundle: abc
tapResources:
  cpu:
    request: 10m
webImage: registry.example.com/mirror/web
webResources:
  memory:
    limit: 1Gi
dashboard:
  replicas: 3
`;
    const r = migrateText(input, 'linkerd2', '2.9', '2.10');
    const viz = plain(r.files.get('linkerd-viz')!);
    expect(viz.grafana).toEqual({ enabled: false });
    expect(viz.tap).toEqual({ externalSecret: true, caBundle: 'abc', resources: { cpu: { request: '10m' } } });
    expect(viz.dashboard).toEqual({ replicas: 3, image: { registry: 'registry.example.com/mirror', name: 'web' }, resources: { memory: { limit: '1Gi' } } });
    expect(plain(r.files.get('linkerd2')!)).toEqual({});
  });
});

describe('L-06 negative: skipping the migration', () => {
  it('predicts the required failure of the unmigrated values on the 2.10 chart', () => {
    const input = `global:\n  identityTrustAnchorsPEM: x\nidentity:\n  issuer:\n    crtExpiry: "2030-01-01T00:00:00Z"\n    tls:\n      crtPEM: a\n      keyPEM: b\n`;
    const r = migrateText(input, 'linkerd2', '2.9', '2.10');
    expect(r.result.unmigratedFailures.map((f) => f.message)).toEqual(['Please provide the identity trust anchors']);
    expect(r.result.missingRequired).toEqual([]);
  });
});

describe('L-07 installs pruned on 2.9.0–2.9.3', () => {
  it('flags `linkerd repair` before chaining to 2.10', () => {
    const r = migrateText('global:\n  proxy:\n    logLevel: debug\n', 'linkerd2', '2.9.2', '2.10');
    expect(r.of('note')).toContainEqual(expect.objectContaining({ severity: 'warning', text: expect.stringContaining('linkerd repair') }));
    const fine = migrateText('global:\n  proxy:\n    logLevel: debug\n', 'linkerd2', '2.9.4', '2.10');
    expect(fine.of('note').filter((n) => n.text.includes('linkerd repair'))).toEqual([]);
  });
});

describe('L-08 2.11.0 → 2.11.x crtExpiry', () => {
  it('removes identity.issuer.crtExpiry with a note, no error', () => {
    const r = migrateText('identity:\n  issuer:\n    crtExpiry: "2022-10-01T00:00:00Z"\n', 'linkerd2', '2.11.0', '2.11.5');
    expect(plain(r.files.get('linkerd2')!)).toEqual({});
    expect(r.of('dropped')).toEqual([expect.objectContaining({ path: 'identity.issuer.crtExpiry', severity: 'info' })]);
  });
});

describe('L-09 2.11→2.12 rename of the default allow policy', () => {
  it('becomes proxy.defaultInboundPolicy and flags its security meaning', () => {
    const r = migrateText('policyController:\n  defaultAllowPolicy: deny\n', 'linkerd2', '2.11', '2.12');
    expect(plain(r.files.get('linkerd-control-plane')!)).toEqual({ proxy: { defaultInboundPolicy: 'deny' } });
    expect(r.of('note')).toContainEqual(expect.objectContaining({ severity: 'warning', text: expect.stringContaining('security') }));
  });
});

describe('L-10 2.11→2.12 removed keys', () => {
  it('drops installNamespace and namespace and says which helm flags replace them', () => {
    const r = migrateText('installNamespace: false\nnamespace: linkerd\n', 'linkerd2', '2.11', '2.12');
    expect(plain(r.files.get('linkerd-control-plane')!)).toEqual({});
    const dropped = r.of('dropped');
    expect(dropped.map((d) => d.path).sort()).toEqual(['installNamespace', 'namespace']);
    expect(dropped.find((d) => d.path === 'namespace')!.why).toContain('--namespace linkerd --create-namespace');
    expect([...r.files.keys()]).toEqual(['linkerd-crds', 'linkerd-control-plane']);
  });
});

describe('L-24 the --reuse-values trap', () => {
  it('tells the user to upgrade with --reset-values and the migrated file', () => {
    const r = migrateText('global:\n  proxy:\n    logLevel: debug\n', 'linkerd2', '2.9', '2.10');
    expect(r.result.followUps.map((f) => f.text).join('\n')).toMatch(/--reset-values -f/);
  });
});

describe('L-26 chain 2.9 → 2.12', () => {
  it('runs 2.9→2.10→2.11→2.12 in order and reports each step', () => {
    const input = `global:\n  identityTrustAnchorsPEM: x\n  proxy:\n    logLevel: debug\npolicyController:\n  defaultAllowPolicy: cluster-authenticated\n`;
    const r = migrateText(input, 'linkerd2', '2.9', '2.12');
    expect(r.result.steps.map((s) => `${s.from}→${s.to}`)).toEqual(['2.9→2.10', '2.10→2.11', '2.11→2.12']);
    expect(plain(r.files.get('linkerd-control-plane')!)).toEqual({
      identityTrustAnchorsPEM: 'x',
      proxy: { logLevel: 'debug', defaultInboundPolicy: 'cluster-authenticated' },
    });
  });
});

