/**
 * Every shape GitOps values arrive in: kustomize `helmCharts`, Argo CD multi-source
 * Applications, Flux `valuesFrom` with target paths, charts published in another repository,
 * and the report as JSON. Expected files here are written by hand, not generated.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { schema, validate } from '../helpers/json-schema.js';
import { ready as needs } from '../helpers/prereq.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hm-gitops-'));
});
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const docsOf = (text: string) => parseAllDocuments(text).map((d) => d.toJS());

const kustomization = `# Kustomize renders Linkerd for the edge clusters.
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: linkerd
helmCharts:
  - name: linkerd2
    repo: https://helm.linkerd.io/stable
    version: 2.10.2
    releaseName: linkerd
    valuesFile: linkerd-values.yaml
    valuesInline:
      controllerReplicas: 3 # HA
      nodeSelector:
        beta.kubernetes.io/os: linux
`;

const multiSource = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: linkerd-cp
  namespace: argocd
spec:
  destination:
    server: https://kubernetes.default.svc
    namespace: linkerd
  sources:
    - repoURL: https://helm.linkerd.io/stable
      chart: linkerd-control-plane
      targetRevision: 1.9.4
      helm:
        valueFiles:
          - $values/clusters/prod/linkerd.yaml
        valuesObject:
          controllerReplicas: 3
    - repoURL: https://git.example.com/platform.git
      targetRevision: main
      ref: values
`;

/** A HelmRelease for linkerd2 at `version` (with what follows `sourceRef`). */
const helmRelease = (version: string, rest: string) => `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: linkerd
  namespace: linkerd
spec:
  interval: 10m
  chart:
    spec:
      chart: linkerd2
      version: ${version}
      sourceRef:
        kind: HelmRepository
        name: linkerd
${rest}`;

const fluxCerts = helmRelease('2.9.5', `  valuesFrom:
    - kind: Secret
      name: linkerd-trust-anchor
      valuesKey: ca.crt
      targetPath: global.identityTrustAnchorsPEM
    - kind: Secret
      name: linkerd-identity-issuer
      valuesKey: tls.crt
      targetPath: identity.issuer.tls.crtPEM
    - kind: Secret
      name: linkerd-identity-issuer
      valuesKey: tls.key
      targetPath: identity.issuer.tls.keyPEM
    - kind: ConfigMap
      name: grafana-address
      valuesKey: url
      targetPath: global.grafanaUrl
  values:
    dashboard:
      replicas: 2
`);

describe.skipIf(!needs('build'))('GitOps shapes', () => {
  it('kustomize helmCharts: name, version and valuesInline migrated byte for byte; valuesFile reported with its command', () => {
    const r = runCli([file('kustomization.yaml', kustomization), '--to', '2.11']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(kustomization.replace('version: 2.10.2', 'version: 2.11.5').replace('beta.kubernetes.io/os: linux', 'kubernetes.io/os: linux'));
    expect(r.stderr).toContain('values in linkerd-values.yaml are not in this file; migrate them with: helm-migrate linkerd-values.yaml --chart linkerd2 --from 2.10 --to 2.11 --in-place');
  });

  it('a kustomization without apiVersion/kind (both optional in kustomize) is recognised by its helmCharts, under any file name; other files are still refused', () => {
    const headless = kustomization.replace('apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n', '');
    for (const name of ['kustomization.yaml', 'edge.yaml']) {
      const r = runCli([file(name, headless), '--to', '2.11']);
      expect(r.code, `${name}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toBe(headless.replace('version: 2.10.2', 'version: 2.11.5').replace('beta.kubernetes.io/os: linux', 'kubernetes.io/os: linux'));
      const long = runCli(['values', file(name, headless), '--chart', 'linkerd2', '--to', '2.11']);
      expect(long.code, `${name} --chart: ${long.stderr}`).toBe(0);
      expect(long.stdout).toBe(r.stdout);
    }
    // A kustomization.yaml with no chart in it is named as such, not taken for values.
    const none = runCli([file('kustomization.yaml', 'namespace: linkerd\nresources:\n  - deployment.yaml\n'), '--to', '2.11']);
    expect(none.code).toBe(1);
    expect(none.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^helm-migrate: .*kustomization\.yaml: a kustomization with no helmCharts: no chart in it to migrate$/)]);
  });

  it('Argo CD multi-source: the chart source moves even when no value does; $values files are reported', () => {
    const f = file('app.yaml', multiSource);
    expect(runCli([f, '--to', '2.14', '--check', '-q']).code).toBe(3);
    const r = runCli([f, '--to', '2.14', '--in-place']);
    expect(r.code, r.stderr).toBe(0);
    const app = docsOf(readFileSync(f, 'utf8'))[0];
    expect(app.spec.sources[0]).toMatchObject({ chart: 'linkerd-control-plane', targetRevision: '1.16.11', helm: { valuesObject: { controllerReplicas: 3 } } });
    expect(app.spec.sources[1]).toEqual({ repoURL: 'https://git.example.com/platform.git', targetRevision: 'main', ref: 'values' });
    expect(r.stderr).toContain('values in clusters/prod/linkerd.yaml in https://git.example.com/platform.git at main are not in this file; migrate them with: helm-migrate clusters/prod/linkerd.yaml --chart linkerd-control-plane --from 2.12 --to 2.14 --in-place');
    expect(runCli([f, '--to', '2.14', '--check', '-q']).code).toBe(0);
  });

  it('Flux valuesFrom target paths follow their values, to another HelmRelease when the value moved chart', () => {
    const r = runCli([file('hr.yaml', fluxCerts), '--to', '2.12']);
    expect(r.code, r.stderr).toBe(0);
    const [crds, cp, viz] = docsOf(r.stdout);
    expect([crds, cp, viz].map((d) => d.metadata.name)).toEqual(['linkerd-crds', 'linkerd-control-plane', 'linkerd-viz']);
    expect(cp.spec.valuesFrom.map((v: { targetPath: string }) => v.targetPath)).toEqual(['identityTrustAnchorsPEM', 'identity.issuer.tls.crtPEM', 'identity.issuer.tls.keyPEM']);
    expect(viz.spec.valuesFrom).toEqual([{ kind: 'ConfigMap', name: 'grafana-address', valuesKey: 'url', targetPath: 'grafana.url' }]);
    // Supplied by valuesFrom: not reported missing.
    expect(r.stderr).not.toMatch(/required values not in the migrated files/);
    // viz installs into its own namespace, created on install.
    expect(viz.spec).toMatchObject({ targetNamespace: 'linkerd-viz', install: { createNamespace: true }, releaseName: 'linkerd-viz' });
  });

  it('a target published in another repository: Argo CD repoURL moves, Flux is told which HelmRepository to point where', () => {
    const argo = runCli([file('app.yaml', multiSource), '--to', 'latest']);
    expect(argo.code, argo.stderr).toBe(0);
    expect(docsOf(argo.stdout)[0].spec.sources[0]).toMatchObject({ repoURL: 'https://helm.linkerd.io/edge', targetRevision: '2026.8.3' });
    expect(argo.stderr).toContain('is published at https://helm.linkerd.io/edge; the repository reference now points there (was https://helm.linkerd.io/stable)');
    const flux = runCli([file('hr.yaml', fluxCerts), '--to', 'latest']);
    expect(flux.code, flux.stderr).toBe(0);
    expect(flux.stderr).toMatch(/linkerd-crds, linkerd-control-plane, linkerd-viz edge-26\.8\.3 are published only at https:\/\/helm\.linkerd\.io\/edge; point spec\.chart\.spec\.sourceRef \(HelmRepository linkerd\)/);
  });

  it('--report json and --output json give the documented GitOps report', () => {
    const f = file('hr.yaml', fluxCerts);
    const onStderr = runCli([f, '--to', '2.12', '--report', 'json']);
    expect(onStderr.code, onStderr.stderr).toBe(0);
    expect(docsOf(onStderr.stdout)).toHaveLength(3);
    const report = JSON.parse(onStderr.stderr);
    expect(validate(schema('gitops-report.v1.json'), report)).toEqual([]);
    for (const m of report.manifests) expect(validate(schema('values-report.v1.json'), m)).toEqual([]);
    const onStdout = JSON.parse(runCli([f, '--to', '2.12', '--output', 'json']).stdout);
    expect(onStdout).toEqual(report);
  });

  it('a split keeps the file header on the first document and each comment once', () => {
    const example = readFileSync(join(__dirname, '../../fixtures/examples/flux-linkerd-2.11.yaml'), 'utf8');
    const r = runCli([file('flux.yaml', example), '--to', '2.12', '-q']);
    expect(r.stdout.startsWith('# Flux manages Linkerd 2.11 in the platform repo.\napiVersion: helm.toolkit.fluxcd.io/v2\n')).toBe(true);
    for (const c of ['# Flux manages Linkerd', '# Only cluster-internal callers, please.', '# chasing a bug', '# issuer certificate and key']) {
      expect(r.stdout.split(c).length - 1, c).toBe(1);
    }
  });
});

const umbrella = `# Values for our platform chart, which depends on linkerd2.
ingress:
  enabled: true
linkerd2:
  # HA control plane
  controllerReplicas: 3
  enablePodAntiAffinity: true
`;

describe.skipIf(!needs('build'))('umbrella chart values', () => {
  it('found by their keys, migrated under their key; a split adds sibling keys and says what Chart.yaml needs', () => {
    const r = runCli([file('values.yaml', umbrella), '--from', '2.11', '--to', '2.12']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`# Values for our platform chart, which depends on linkerd2.
ingress:
  enabled: true
linkerd-control-plane:
  # HA control plane
  controllerReplicas: 3
  enablePodAntiAffinity: true
  enablePodDisruptionBudget: true
  deploymentStrategy:
    rollingUpdate:
      maxUnavailable: 1
linkerd-crds: {}
`);
    expect(r.stderr).toContain('umbrella chart values: migrated linkerd2 values under linkerd2 (found by their keys; --values-path to choose)');
    expect(r.stderr).toContain('replace linkerd2 with { name: linkerd-control-plane, version: 1.9.8, repository: https://helm.linkerd.io/stable }');
    expect(r.stderr).toContain('add { name: linkerd-crds, version: 1.4.0, repository: https://helm.linkerd.io/stable }');
  });

  it('a subchart the target removes: its key leaves the parent values (everything else byte for byte) and Chart.yaml is told to drop it, in the long and the short form', () => {
    const parent = '# parent chart values\nglobal:\n  domain: example.com\nlinkerd-jaeger:\n  # traces\n  collector:\n    resources:\n      cpu:\n        limit: 200m\n  jaeger:\n    enabled: true\nother:\n  key: 1 # kept\n';
    const without = '# parent chart values\nglobal:\n  domain: example.com\nother:\n  key: 1 # kept\n';
    for (const form of [['values', '<f>', '--chart', 'linkerd-jaeger'], ['<f>']]) {
      const dir = mkdtempSync(join(tmpdir(), 'hm-umbrella-'));
      const f = join(dir, 'parent.yaml');
      writeFileSync(f, parent);
      const out = join(dir, 'out.yaml');
      const r = runCli([...form.map((a) => (a === '<f>' ? f : a)), '--from', '2.11', '--to', 'latest', '-o', out]);
      expect(r.code, r.stderr).toBe(0);
      expect(readFileSync(out, 'utf8'), form.join(' ')).toBe(without);
      expect(r.stderr).toContain('in your chart\'s Chart.yaml dependencies:\n  - remove linkerd-jaeger');
      expect(r.stderr).not.toContain('nothing written');
      expect(readFileSync(f, 'utf8')).toBe(parent);
    }
  });

  it('--values-path for an alias or deeper nesting; the alias key is kept', () => {
    const f = file('values.yaml', 'platform:\n  mesh:\n    controllerReplicas: 2\n    proxy:\n      logLevel: debug\n');
    const r = runCli([f, '--values-path', 'platform.mesh', '--chart', 'linkerd2', '--from', '2.10', '--to', '2.11', '--in-place', '-q']);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(f, 'utf8')).toBe('platform:\n  mesh:\n    controllerReplicas: 2\n    proxy:\n      logLevel: debug\n');
    const bad = runCli([f, '--values-path', 'platform.nothing', '--chart', 'linkerd2', '--from', '2.10', '--to', '2.11']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('helm-migrate: --values-path platform.nothing: the file has no values there');
  });
});

describe.skipIf(!needs('build'))('GitOps output, byte for byte', () => {
  it('a version-line comment stays with the original; lists keep their indentation', () => {
    const input = helmRelease('2.11.5 # pinned by renovate', `  valuesFrom:
  - kind: Secret
    name: linkerd-identity
  values:
    proxy:
      logLevel: warn
    installNamespace: false
`);
    const r = runCli([file('hr.yaml', input), '--to', '2.12', '-q']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: linkerd-crds
  namespace: linkerd
spec:
  interval: 10m
  chart:
    spec:
      chart: linkerd-crds
      version: 1.4.0
      sourceRef:
        kind: HelmRepository
        name: linkerd
  values: {}
  releaseName: linkerd-crds
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: linkerd-control-plane
  namespace: linkerd
spec:
  interval: 10m
  chart:
    spec:
      chart: linkerd-control-plane
      version: 1.9.8 # pinned by renovate
      sourceRef:
        kind: HelmRepository
        name: linkerd
  valuesFrom:
  - kind: Secret
    name: linkerd-identity
  values:
    proxy:
      logLevel: warn
  releaseName: linkerd-control-plane
  dependsOn:
  - name: linkerd-crds
`);
  });
});
