/**
 * Flux HelmRelease and Argo CD Application manifests through `helm-migrate values`: chart and
 * version read from the manifests, values migrated in place with their comments, a split chart
 * emitted as one object per target chart (CRDs first), and the cluster-side runbook printed.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { containerArg, renderChart } from '../helpers/render.js';
import { chartDir, chartPath, repoRoot } from '../helpers/shared.js';
import { traefik } from '../helpers/traefik.js';
import { ready as needs } from '../helpers/prereq.js';

const example = join(repoRoot, 'fixtures/examples/flux-linkerd-2.11.yaml');

describe.skipIf(!needs('build'))('GitOps manifests', () => {
  it('splits a Flux HelmRelease into linkerd-crds and linkerd-control-plane, CRDs first, values kept with comments', () => {
    const r = runCli(['values', example, '--to', '2.12']);
    expect(r.code, r.stderr).toBe(0);
    const docs = parseAllDocuments(r.stdout).map((d) => d.toJS());
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(['HelmRelease/linkerd-crds', 'HelmRelease/linkerd-control-plane', 'Application/linkerd-viz']);
    const [crds, cp, viz] = docs;
    expect(crds.spec.chart.spec).toMatchObject({ chart: 'linkerd-crds', version: '1.4.0' });
    expect(cp.spec.chart.spec).toMatchObject({ chart: 'linkerd-control-plane', version: '1.9.8' });
    expect(cp.spec.dependsOn).toEqual([{ name: 'linkerd-crds' }]);
    expect(cp.spec.releaseName).toBe('linkerd-control-plane');
    expect(cp.spec.values).toEqual({ proxy: { logLevel: 'warn,linkerd=debug', defaultInboundPolicy: 'cluster-authenticated' } });
    expect(cp.spec.valuesFrom).toEqual([{ kind: 'Secret', name: 'linkerd-identity' }]);
    expect(crds.spec.valuesFrom).toBeUndefined();
    expect(viz.spec.source).toMatchObject({ chart: 'linkerd-viz', targetRevision: '30.3.8' });
    expect(viz.spec.source.helm.valuesObject).toEqual({ grafana: { url: 'grafana.monitoring:3000' }, dashboard: { replicas: 2 } });
    expect(r.stdout).toContain('logLevel: warn,linkerd=debug # chasing a bug');
    expect(r.stdout).toContain('url: grafana.monitoring:3000 # our Grafana');
    expect(r.stdout).toContain('# Only cluster-internal callers, please.');
    // The Secret's values are not in the file: the report gives the command that migrates them.
    expect(r.stderr).toContain("kubectl -n flux-system get secret linkerd-identity -o jsonpath='{.data.values\\.yaml}' | base64 -d | helm-migrate - --chart linkerd2 --from 2.11 --to 2.12");
    // Flux stores the release in the HelmRelease's namespace (flux-system), not targetNamespace.
    expect(r.stderr).toContain('kubectl -n flux-system delete secret --field-selector type=helm.sh/release.v1 -l name=linkerd,owner=helm');
    expect(r.stderr).toContain('helm -n flux-system get manifest linkerd |');
    expect(r.stderr).toContain("yq 'select(.kind == \"CustomResourceDefinition\")' | kubectl annotate --overwrite -f - meta.helm.sh/release-name=linkerd-crds");
    expect(r.stderr).toContain('argocd.argoproj.io/sync-options=Prune=false');
  });

  it.skipIf(!needs('shared', 'binaries'))('the migrated HelmRelease values render on the real 2.12 chart', () => {
    const docs = parseAllDocuments(runCli(['values', example, '--to', '2.12', '-q']).stdout).map((d) => d.toJS());
    const cp = docs.find((d) => d.metadata.name === 'linkerd-control-plane');
    const values = JSON.stringify({ ...cp.spec.values, identityTrustAnchorsPEM: 'x', identity: { issuer: { tls: { crtPEM: 'a', keyPEM: 'b' } } } });
    const rendered = renderChart(chartDir('2.12', 'linkerd-control-plane'), values);
    expect(rendered.ok, rendered.error).toBe(true);
    expect(containerArg(rendered, 'linkerd-destination', 'policy', '--default-policy=cluster-authenticated')).toBe(true);
  });

  it('Argo CD helm.values strings are migrated as YAML and written back as a string; --in-place and --check work', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hm-argo-'));
    const f = join(dir, 'app.yaml');
    writeFileSync(f, 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: mc\nspec:\n  source:\n    chart: linkerd-multicluster\n    targetRevision: 2.10.2\n    helm:\n      values: |\n        # the gateway\n        gateway: true\n        gatewayName: edge\n');
    expect(runCli(['values', f, '--to', '2.11', '--check', '-q']).code).toBe(3);
    const r = runCli(['values', f, '--to', '2.11', '--in-place', '-q']);
    expect(r.code, r.stderr).toBe(0);
    const app = parseAllDocuments(readFileSync(f, 'utf8'))[0].toJS();
    expect(app.spec.source.targetRevision).toBe('2.11.5');
    expect(app.spec.source.helm.values).toBe('# the gateway\ngateway:\n  enabled: true\n  name: edge\n');
    expect(runCli(['values', f, '--to', '2.11', '--check', '-q']).code).toBe(0);
  });
  it.skipIf(!needs('shared', 'binaries'))('a Traefik HelmRelease and Application (no Traefik code in the GitOps layer): chart version and values moved to 41, comments kept, rendering on the real chart', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hm-traefik-gitops-'));
    const f = join(dir, 'traefik.yaml');
    writeFileSync(
      f,
      `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: traefik
  namespace: flux-system
spec:
  chart:
    spec:
      chart: traefik
      version: 27.0.2
      sourceRef: {kind: HelmRepository, name: traefik}
  values:
    service:
      type: NodePort # the edge nodes expose it
    logs:
      general:
        level: WARN
---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: traefik-internal
spec:
  source:
    repoURL: https://traefik.github.io/charts
    chart: traefik
    targetRevision: 34.5.0
    helm:
      valuesObject:
        globalArguments:
          - "--serverstransport.insecureskipverify=true" # legacy backend
`,
    );
    const r = runCli(['values', f, '--to', '41', '-q']);
    expect(r.code, r.stderr).toBe(0);
    const [hr, app] = parseAllDocuments(r.stdout).map((d) => d.toJS());
    expect(hr.spec.chart.spec).toMatchObject({ chart: 'traefik', version: '41.3.0' });
    // The user's settings at their new places (beside the old defaults the migration pins).
    expect(hr.spec.values).toMatchObject({ service: { spec: { type: 'NodePort' } }, log: { level: 'WARN' } });
    expect(hr.spec.values.logs).toBeUndefined();
    expect(r.stdout).toContain('type: NodePort # the edge nodes expose it');
    expect(app.spec.source.targetRevision).toBe('41.3.0');
    expect(app.spec.source.helm.valuesObject).toMatchObject({ additionalArguments: ['--serverstransport.insecureskipverify=true'] });
    // The list had no --global.checknewversion: Traefik ran with the check on, and it stays on.
    expect(app.spec.source.helm.valuesObject.global?.checkNewVersion).not.toBe(false);
    expect(app.spec.source.helm.valuesObject.globalArguments).toBeUndefined();
    expect(r.stdout).toContain('- "--serverstransport.insecureskipverify=true" # legacy backend');
    // The migrated values do what the old ones did, on the real 41 chart.
    const rendered = renderChart(chartPath(traefik, '41', 'traefik'), JSON.stringify(hr.spec.values), { release: 'traefik', namespace: 'traefik' });
    expect(rendered.ok, rendered.error).toBe(true);
    expect((rendered.objects.find((o) => o.kind === 'Service' && o.metadata.name === 'traefik') as { spec?: { type?: string } } | undefined)?.spec?.type).toBe('NodePort');
    expect(containerArg(rendered, 'traefik', 'traefik', '--log.level=WARN')).toBe(true);
  });
});
