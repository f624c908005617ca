/**
 * Proof on the real charts: migrated values are rendered with the real helm binary into the
 * target charts, and the user's customizations are asserted in the manifests. The same
 * assertions run on the unmigrated input, which must fail them: a test that also passes on
 * unmigrated values would prove nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { container, envOf, findObject, renderChart, type RenderResult } from '../../helpers/render.js';
import { migrateText } from '../../helpers/migrate.js';
import { chartDir, repoRoot } from '../../helpers/shared.js';
import { ready as needs } from '../../helpers/prereq.js';

type Check = (r: RenderResult) => string[];

interface RenderSpec {
  chart: string;
  release?: string;
  set?: string[];
  checks: Check[];
}

interface Scenario {
  name: string;
  chart: string;
  from: string;
  to: string;
  input: string;
  renders: RenderSpec[];
}

const example = readFileSync(join(repoRoot, 'fixtures/examples/linkerd2-2.9.values.yaml'), 'utf8');

/** One failed expectation, as text, or nothing. */
function expectThat(ok: boolean, what: string): string[] {
  return ok ? [] : [what];
}

const rendered: Check = (r) => expectThat(r.ok, `render failed: ${r.error?.split('\n')[0]}`);

/** A proxy env var of a control-plane Deployment; `prefix` because edge appends header filters to the log level. */
function proxyEnv(deployment: string, name: string, prefix: string): Check {
  return (r) => expectThat(envOf(container(findObject(r, 'Deployment', deployment), 'linkerd-proxy'), name)?.startsWith(prefix) === true, `${deployment} proxy ${name}=${prefix}…`);
}

const contains = (needle: string, what = needle): Check => (r) => expectThat(r.text.includes(needle), `manifest contains ${what}`);

function deploymentReplicas(name: string, n: number): Check {
  return (r) => expectThat((findObject(r, 'Deployment', name) as any)?.spec?.replicas === n, `${name} replicas ${n}`);
}

function containerImage(kind: string, name: string, c: string, image: string): Check {
  return (r) => expectThat(container(findObject(r, kind, name), c)?.image === image, `${name}/${c} image ${image}`);
}

function containerArg(kind: string, name: string, c: string, arg: string): Check {
  return (r) => expectThat((container(findObject(r, kind, name), c)?.args ?? []).includes(arg), `${name}/${c} arg ${arg}`);
}

const scenarios: Scenario[] = [
  {
    name: 'example 2.9 file → 2.10 (linkerd2 + linkerd-viz)',
    chart: 'linkerd2',
    from: '2.9',
    to: '2.10',
    input: example,
    renders: [
      {
        chart: 'linkerd2',
        checks: [
          rendered,
          proxyEnv('linkerd-identity', 'LINKERD2_PROXY_LOG', 'warn,linkerd=info,linkerd_proxy_http=debug'),
          contains('MIIBjTCCATOgAwIBAgIQExampleOnlyNotARealCertificate0wCgYIKoZIzj0EAwIw', 'the trust anchor'),
          contains('k8s.example.internal', 'the cluster domain'),
          contains('25,443,587,3306,11211,5432,6379', 'the skipped outbound ports'),
          contains('0 3 * * *', 'the heartbeat schedule'),
          contains('regcred', 'the image pull secret'),
        ],
      },
      {
        chart: 'linkerd-viz',
        checks: [
          rendered,
          deploymentReplicas('web', 2),
          containerImage('Deployment', 'web', 'web', 'registry.example.internal/linkerd/web:stable-2.10.2'),
          containerArg('Deployment', 'web', 'web', '-grafana-addr=grafana.monitoring.svc:3000'),
          containerArg('Deployment', 'web', 'web', '-enforced-host=^dashboard\\.example\\.internal$'),
          containerArg('Deployment', 'prometheus', 'prometheus', '--storage.tsdb.retention.time=24h'),
          contains('alertmanager.monitoring:9093', 'the alertmanager target'),
        ],
      },
      {
        chart: 'linkerd-jaeger',
        checks: [rendered, contains('otel-collector.tracing:55678', 'the collector address'), containerArg('Deployment', 'jaeger-injector', 'jaeger-injector', '-collector-svc-account=otel-collector')],
      },
    ],
  },
  {
    name: 'example 2.9 file → edge (linkerd-crds + linkerd-control-plane + linkerd-viz)',
    chart: 'linkerd2',
    from: '2.9',
    to: 'latest',
    input: example,
    renders: [
      { chart: 'linkerd-crds', checks: [rendered, (r) => expectThat(Boolean(findObject(r, 'CustomResourceDefinition', 'httproutes.gateway.networking.k8s.io')), 'the HTTPRoute CRD kept')] },
      {
        chart: 'linkerd-control-plane',
        checks: [
          rendered,
          proxyEnv('linkerd-identity', 'LINKERD2_PROXY_LOG', 'warn,linkerd=info,linkerd_proxy_http=debug'),
          (r) => expectThat(((findObject(r, 'ConfigMap', 'linkerd-identity-trust-roots') as any)?.data?.['ca-bundle.crt'] ?? '').includes('ExampleOnlyNotARealCertificate'), 'trust roots ConfigMap holds the anchor'),
          contains('k8s.example.internal', 'the cluster domain'),
          contains('25,443,587,3306,11211,5432,6379', 'the skipped outbound ports'),
          contains('regcred', 'the image pull secret'),
        ],
      },
      {
        chart: 'linkerd-viz',
        checks: [
          rendered,
          deploymentReplicas('web', 2),
          containerImage('Deployment', 'web', 'web', 'registry.example.internal/linkerd/web:edge-26.8.3'),
          containerArg('Deployment', 'web', 'web', '-grafana-addr=grafana.monitoring.svc:3000'),
          containerArg('Deployment', 'prometheus', 'prometheus', '--storage.tsdb.retention.time=24h'),
        ],
      },
    ],
  },
  {
    name: '2.11 → 2.12 default allow policy becomes the default inbound policy',
    chart: 'linkerd2',
    from: '2.11',
    to: '2.12',
    input: 'identityTrustAnchorsPEM: x\nidentity:\n  issuer:\n    tls:\n      crtPEM: a\n      keyPEM: b\npolicyController:\n  defaultAllowPolicy: deny\nnamespace: linkerd\n',
    renders: [
      {
        chart: 'linkerd-control-plane',
        checks: [rendered, containerArg('Deployment', 'linkerd-destination', 'policy', '--default-policy=deny')],
      },
    ],
  },
  {
    name: '2.10 → 2.11 multicluster gateway settings grouped under gateway',
    chart: 'linkerd-multicluster',
    from: '2.10',
    to: '2.11',
    input: 'gateway: true\ngatewayName: edge-gw\ngatewayPort: 4180\ngatewayServiceType: NodePort\ngatewayProbePort: 4181\ngatewayProbePath: /health\n',
    renders: [
      {
        chart: 'linkerd-multicluster',
        checks: [
          rendered,
          (r) => expectThat((findObject(r, 'Service', 'edge-gw') as any)?.spec?.type === 'NodePort', 'gateway Service edge-gw of type NodePort'),
          (r) => expectThat(((findObject(r, 'Service', 'edge-gw') as any)?.spec?.ports ?? []).some((p: any) => p.port === 4180), 'gateway port 4180'),
          (r) => expectThat(((findObject(r, 'Service', 'edge-gw') as any)?.spec?.ports ?? []).some((p: any) => p.name === 'mc-probe' && p.port === 4191), 'probe on the proxy admin port 4191'),
          contains('mirror.linkerd.io/probe-path: /ready', 'the probe path of the new gateway'),
        ],
      },
    ],
  },
  {
    name: '2.14 → edge control-plane tracing gets its endpoint',
    chart: 'linkerd-control-plane',
    from: '2.14',
    to: 'edge-26.8.3',
    input: 'identityTrustAnchorsPEM: x\nidentity:\n  issuer:\n    tls:\n      crtPEM: a\n      keyPEM: b\ncontrolPlaneTracing: true\ncontrolPlaneTracingNamespace: tracing\nproxy:\n  cores: 3\n',
    renders: [
      {
        chart: 'linkerd-control-plane',
        checks: [
          rendered,
          containerArg('Deployment', 'linkerd-destination', 'destination', '-trace-collector=collector.tracing.svc.cluster.local:55678'),
          proxyEnv('linkerd-destination', 'LINKERD2_PROXY_CORES', '3'),
        ],
      },
    ],
  },
  {
    name: '2.8 → 2.9 prometheus flags and cluster networks',
    chart: 'linkerd2',
    from: '2.8',
    to: '2.9',
    input:
      'global:\n  identityTrustAnchorsPEM: x\n  proxy:\n    destinationGetNetworks: "10.9.0.0/16"\nidentity:\n  issuer:\n    crtExpiry: "2030-01-01T00:00:00Z"\n    tls:\n      crtPEM: a\n      keyPEM: b\nprometheusLogLevel: debug\ncontrollerLogLevel: debug\n',
    renders: [
      {
        chart: 'linkerd2',
        checks: [
          rendered,
          containerArg('Deployment', 'linkerd-prometheus', 'prometheus', '--log.level=debug'),
          contains('value: "10.9.0.0/16"', 'the cluster networks in proxy env'),
          containerArg('Deployment', 'linkerd-controller', 'public-api', '-log-level=debug'),
        ],
      },
    ],
  },
  {
    name: '2.11 → 2.12 CNI plugin image',
    chart: 'linkerd2-cni',
    from: '2.11',
    to: '2.12',
    input: 'cniPluginImage: mirror.example.com/linkerd/cni-plugin\nnamespace: linkerd-cni\n',
    renders: [{ chart: 'linkerd2-cni', checks: [rendered, (r) => expectThat(container(findObject(r, 'DaemonSet', 'linkerd-cni'), 'install-cni')?.image?.startsWith('mirror.example.com/linkerd/cni-plugin:') === true, 'the mirrored CNI image')] }],
  },
];

function runChecks(spec: RenderSpec, r: RenderResult): string[] {
  return spec.checks.flatMap((c) => c(r));
}

const ready = needs('shared', 'binaries');

describe.skipIf(!ready)('migrated values render on the real target charts', () => {
  for (const s of scenarios) {
    describe(s.name, () => {
      const migrated = migrateText(s.input, s.chart, s.from, s.to);
      const to = migrated.result.to.id;
      for (const spec of s.renders) {
        it(`${spec.chart}: customizations reach the manifests`, () => {
          const values = migrated.files.get(spec.chart);
          expect(values, `migration produced ${spec.chart} values`).toBeDefined();
          const r = renderChart(chartDir(to, spec.chart), values!, { release: spec.release ?? spec.chart, set: spec.set });
          expect(runChecks(spec, r)).toEqual([]);
        });
        it(`${spec.chart}: the unmigrated input fails the same checks`, () => {
          const r = renderChart(chartDir(to, spec.chart), s.input, { release: spec.release ?? spec.chart, set: spec.set });
          expect(runChecks(spec, r).length).toBeGreaterThan(0);
        });
      }
    });
  }
});

