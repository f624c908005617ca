/**
 * End to end: real helm 3 / helm 4 install old Linkerd releases into the in-memory API server,
 * `helm-migrate plan` and `apply` (the built CLI) move them, and the cluster is checked the way
 * Linkerd's upgrade guide describes the result.
 */
import { mkdirSync, writeFileSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { helm3, helm4, kubectl } from '../helpers/binaries.js';
import { helmMigrate } from '../helpers/cli-async.js';
import { run, startCluster, type Cluster } from '../helpers/cluster.js';
import { chartDir, chartPath, chartsDir, hasShared, testPki } from '../helpers/shared.js';
import { traefik } from '../helpers/traefik.js';
import { schema, validate } from '../helpers/json-schema.js';
import { ready as needs } from '../helpers/prereq.js';
import { install211, issuerKey, ok, pki, planned, planPath, releaseValues } from '../helpers/linkerd-split.js';

const ready = needs('shared', 'binaries', 'build');
const ca = hasShared ? readFileSync(testPki.ca, 'utf8') : '';

let c: Cluster | undefined;
afterEach(async () => {
  await c?.stop();
  c = undefined;
});

describe.skipIf(!ready)('cluster migration, 2.11 → 2.12 (the chart split)', () => {
  for (const helmVersion of [3, 4] as const) {
    it(`helm ${helmVersion}: hands everything to linkerd-crds, linkerd-control-plane and linkerd-smi`, async () => {
      c = await startCluster();
      await install211(c, { trafficSplit: true, viz: true });
      const env = { ...c.env, HELM_BIN: helmVersion === 3 ? helm3 : helm4 };
      const plan = planPath();
      const planned = await helmMigrate(['plan', '--release', 'linkerd', '-n', 'default', '--to', '2.12', '--charts-dir', chartsDir, '-o', plan, '--output', 'json'], env);
      expect(planned.code, planned.stderr).toBe(0);
      expect(validate(schema('plan.v1alpha1.json'), JSON.parse(planned.stdout))).toEqual([]);
      expect(parse(readFileSync(plan, 'utf8'))).toEqual(JSON.parse(planned.stdout));
      const applied = await helmMigrate(['apply', plan, '--yes', '--output', 'json'], env);
      expect(applied.code, applied.stderr).toBe(0);
      expect(validate(schema('apply-result.v1.json'), JSON.parse(applied.stdout))).toEqual([]);

      const list = await ok(c.helm(4, ['list', '-A', '-o', 'json']));
      const rels = JSON.parse(list).map((r: any) => `${r.namespace}/${r.name} ${r.chart} ${r.status}`).sort();
      expect(rels).toEqual([
        'linkerd-smi/linkerd-smi linkerd-smi-1.0.4 deployed',
        'linkerd-viz/linkerd-viz linkerd-viz-30.3.8 deployed',
        'linkerd/linkerd-control-plane linkerd-control-plane-1.9.8 deployed',
        'linkerd/linkerd-crds linkerd-crds-1.4.0 deployed',
      ]);
      // The old records are gone; the objects and the namespace stayed.
      expect(c.server.objects.list('v1', 'secrets', 'default').filter((s) => s.metadata.labels?.owner === 'helm')).toEqual([]);
      expect(c.server.objects.get('v1', 'namespaces', undefined, 'linkerd')).toBeDefined();
      expect(c.server.objects.get('split.smi-spec.io/v1alpha2', 'trafficsplits', 'default', 'web-split')).toBeDefined();
      const owner = (apiVersion: string, resource: string, ns: string | undefined, name: string) => c!.server.objects.get(apiVersion, resource, ns, name)?.metadata.annotations?.['meta.helm.sh/release-name'];
      expect(owner('apiextensions.k8s.io/v1', 'customresourcedefinitions', undefined, 'trafficsplits.split.smi-spec.io')).toBe('linkerd-smi');
      expect(owner('apiextensions.k8s.io/v1', 'customresourcedefinitions', undefined, 'servers.policy.linkerd.io')).toBe('linkerd-crds');
      expect(owner('apps/v1', 'deployments', 'linkerd', 'linkerd-destination')).toBe('linkerd-control-plane');
      // The renamed policy value, the customized log level and the trust anchor were carried.
      const cp = await releaseValues(c, 'linkerd-control-plane', 'linkerd');
      expect(cp.proxy.defaultInboundPolicy).toBe('deny');
      expect(cp.proxy.logLevel).toBe('warn,linkerd=debug');
      expect(cp.policyController?.defaultAllowPolicy).toBeUndefined();
      expect(cp.identityTrustAnchorsPEM).toBe(ca);
      expect(c.server.objects.get('v1', 'configmaps', 'linkerd', 'linkerd-identity-trust-roots')?.data['ca-bundle.crt']).toBe(ca);
      expect((await releaseValues(c, 'linkerd-viz', 'linkerd-viz')).dashboard.replicas).toBe(2);
      // No secret value reached the plan or the output.
      for (const text of [readFileSync(plan, 'utf8'), planned.stdout, planned.stderr, applied.stdout, applied.stderr]) expect(text).not.toContain(issuerKey);
      // Backups and values files are private.
      const side = `${plan}.d`;
      expect(statSync(side).mode & 0o777).toBe(0o700);
      const backups = readdirSync(join(side, 'backup', '2.12', 'default.linkerd'));
      // Not a vacuous loop: the release had records, each backed up.
      expect(backups.length).toBeGreaterThan(0);
      for (const f of backups) expect(statSync(join(side, 'backup', '2.12', 'default.linkerd', f)).mode & 0o777).toBe(0o600);
    });
  }
});

describe.skipIf(!ready)('cluster migration: storage drivers, existing releases, foreign CRDs', () => {
  it('reads and writes release records with HELM_DRIVER=configmap', async () => {
    c = await startCluster();
    const cm = { HELM_DRIVER: 'configmap' };
    await ok(c.helm(3, ['install', 'linkerd', chartDir('2.11', 'linkerd2'), '-n', 'default', ...pki()], cm));
    const env = { ...c.env, ...cm, HELM_BIN: helm4 };
    const plan = planPath();
    await ok(helmMigrate(['plan', '--release', 'linkerd', '-n', 'default', '--to', '2.12', '--charts-dir', chartsDir, '-o', plan], env));
    // Applied from a shell without HELM_DRIVER: the plan's storage driver is used all the same.
    const { HELM_DRIVER: _, ...withoutDriver } = env;
    await ok(helmMigrate(['apply', plan, '--yes'], withoutDriver));
    expect(c.server.objects.list('v1', 'secrets', 'linkerd').filter((s) => s.metadata.labels?.owner === 'helm')).toEqual([]);
    expect(c.server.objects.list('v1', 'configmaps', 'default').filter((s) => s.metadata.labels?.owner === 'helm')).toEqual([]);
    expect(c.server.objects.list('v1', 'configmaps', 'linkerd').filter((s) => s.metadata.labels?.owner === 'helm').map((x) => x.metadata.labels.name).sort()).toEqual(['linkerd-control-plane', 'linkerd-crds']);
  });

  it('leaves the TrafficSplit CRD with an existing linkerd-smi release of a generated name (L-17)', async () => {
    c = await startCluster();
    await install211(c, { trafficSplit: true });
    const smi = 'linkerd-smi-1645512254';
    await ok(c.kubectl(['annotate', '--overwrite', 'crd/trafficsplits.split.smi-spec.io', `meta.helm.sh/release-name=${smi}`, 'meta.helm.sh/release-namespace=linkerd-smi']));
    await ok(c.helm(3, ['install', smi, chartDir('2.12', 'linkerd-smi'), '-n', 'linkerd-smi', '--create-namespace']));
    const env = { ...c.env, HELM_BIN: helm4 };
    const plan = planPath();
    const r = await helmMigrate(['plan', '--release', 'linkerd', '-n', 'default', '--to', '2.12', '--charts-dir', chartsDir, '-o', plan], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`stays with the existing linkerd-smi release linkerd-smi/${smi}`);
    const steps = parse(readFileSync(plan, 'utf8')).stages.flatMap((s: any) => s.steps);
    expect(steps.filter((s: any) => s.type === 'helm-upgrade-install').map((s: any) => s.release.name)).toEqual(['linkerd-crds', 'linkerd-control-plane']);
    await ok(helmMigrate(['apply', plan, '--yes'], env));
    expect(c.server.objects.get('apiextensions.k8s.io/v1', 'customresourcedefinitions', undefined, 'trafficsplits.split.smi-spec.io')?.metadata.annotations?.['meta.helm.sh/release-name']).toBe(smi);
  });

  for (const helmVersion of [3, 4] as const) {
    it(`helm ${helmVersion}: a CRD left behind (no TrafficSplit) loses the deleted release's ownership, and the plan's advice installs linkerd-smi over it`, async () => {
      c = await startCluster();
      await install211(c);
      const env = { ...c.env, HELM_BIN: helmVersion === 3 ? helm3 : helm4 };
      const plan = planPath();
      await ok(helmMigrate(['plan', '--release', 'linkerd', '-n', 'default', '--to', '2.12', '--charts-dir', chartsDir, '-o', plan], env));
      await ok(helmMigrate(['apply', plan, '--yes'], env));
      const crd = () => c!.server.objects.get('apiextensions.k8s.io/v1', 'customresourcedefinitions', undefined, 'trafficsplits.split.smi-spec.io');
      // Kept, and owned by no release: the deleted release's annotations and label are gone.
      expect(crd()).toBeDefined();
      expect(crd()?.metadata.annotations?.['meta.helm.sh/release-name']).toBeUndefined();
      expect(crd()?.metadata.annotations?.['meta.helm.sh/release-namespace']).toBeUndefined();
      expect(crd()?.metadata.labels?.['app.kubernetes.io/managed-by']).toBeUndefined();
      // The advice is a command: run as written, with this helm as `helm`, it installs linkerd-smi over the CRD.
      const note = parse(readFileSync(plan, 'utf8')).preflight.notes.find((n: string) => n.includes('trafficsplits.split.smi-spec.io'));
      const command = /To have linkerd-smi manage it: (.*?); or delete it/.exec(note)?.[1];
      expect(command, note).toMatch(/helm install linkerd-smi /);
      const bin = mkdtempSync(join(tmpdir(), 'hm-bin-'));
      symlinkSync(helmVersion === 3 ? helm3 : helm4, join(bin, 'helm'));
      symlinkSync(kubectl, join(bin, 'kubectl'));
      await ok(run('bash', ['-c', command!], { ...c.env, PATH: `${bin}:${c.env.PATH}` }));
      const releases = JSON.parse(await ok(c.helm(4, ['list', '-A', '-o', 'json']))).map((r: any) => `${r.namespace}/${r.name}:${r.status}`);
      expect(releases).toContain('linkerd-smi/linkerd-smi:deployed');
      expect(crd()?.metadata.annotations?.['meta.helm.sh/release-name']).toBe('linkerd-smi');
    });
  }

  it('does not adopt a Gateway API CRD someone else installed (L-18)', async () => {
    c = await startCluster();
    await ok(c.helm(4, ['install', 'linkerd-crds', chartDir('2.13', 'linkerd-crds'), '-n', 'linkerd', '--create-namespace']));
    await ok(c.helm(4, ['install', 'linkerd-control-plane', chartDir('2.13', 'linkerd-control-plane'), '-n', 'linkerd', ...pki()]));
    const gateway = 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: httproutes.gateway.networking.k8s.io\nspec:\n  group: gateway.networking.k8s.io\n  names: {kind: HTTPRoute, plural: httproutes, singular: httproute, listKind: HTTPRouteList}\n  scope: Namespaced\n  versions:\n  - {name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}\n';
    await ok(run(kubectl, ['apply', '-f', '-'], c.env, gateway));
    const route = 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: web\n  namespace: default\nspec:\n  parentRefs:\n  - name: web\n';
    await ok(run(kubectl, ['apply', '-f', '-'], c.env, route));
    const env = { ...c.env, HELM_BIN: helm4 };
    const plan = planPath();
    const r = await helmMigrate(['plan', '--release', 'linkerd-control-plane', '-n', 'linkerd', '--to', '2.14', '--charts-dir', chartsDir, '-o', plan], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('linkerd-crds: enableHttpRoutes=false');
    await ok(helmMigrate(['apply', plan, '--yes'], env));
    // The user's CRD is still there, still nobody's, with the route stored under it.
    const crd = c.server.objects.get('apiextensions.k8s.io/v1', 'customresourcedefinitions', undefined, 'httproutes.gateway.networking.k8s.io');
    expect(crd).toBeDefined();
    expect(crd!.metadata.annotations?.['meta.helm.sh/release-name']).toBeUndefined();
    expect(c.server.objects.get('gateway.networking.k8s.io/v1', 'httproutes', 'default', 'web')).toBeDefined();
    expect((await releaseValues(c, 'linkerd-crds', 'linkerd')).enableHttpRoutes).toBe(false);
  });

  it('--all-namespaces with releases of two packs: refused with the releases of each, never one pack silently', async () => {
    c = await startCluster();
    await install211(c);
    await ok(c.helm(3, ['install', 'edge', chartPath(traefik, '27', 'traefik'), '-n', 'traefik', '--create-namespace']));
    const env = { ...c.env, HELM_BIN: helm4 };
    const r = await helmMigrate(['plan', '--all-namespaces', '--to', '2.12', '--charts-dir', chartsDir], env);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(['helm-migrate: --all-namespaces found releases of several packs (linkerd: default/linkerd; traefik: traefik/edge); plan one pack at a time with --release NAME -n NAMESPACE']);
  });

  it('plans every release of the pack with --all-namespaces (L-22: viz reinstalled in its own namespace)', async () => {
    c = await startCluster();
    await install211(c, { viz: true });
    const env = { ...c.env, HELM_BIN: helm4 };
    const r = await helmMigrate(['plan', '--all-namespaces', '--to', '2.12', '--charts-dir', chartsDir], env);
    expect(r.code, r.stderr).toBe(0);
    const p = parse(r.stdout);
    const installs = p.stages.flatMap((s: any) => s.steps).filter((s: any) => s.type === 'helm-upgrade-install').map((s: any) => `${s.release.namespace}/${s.release.name}`);
    expect(installs.sort()).toEqual(['linkerd-viz/linkerd-viz', 'linkerd/linkerd-control-plane', 'linkerd/linkerd-crds']);
    expect(p.preflight.objects.filter((o: any) => o.kind === 'Namespace' && o.name === 'linkerd-viz')[0]).toMatchObject({ class: 'left-behind' });
  });
});

describe.skipIf(!ready)('cluster migration, 2.9 → 2.10 and staged 2.9 → 2.12', () => {
  async function install29(cl: Cluster): Promise<void> {
    await ok(
      cl.helm(3, [
        'install', 'linkerd2', chartDir('2.9', 'linkerd2'), '-n', 'default', ...pki('global.'),
        '--set', `identity.issuer.crtExpiry=${readFileSync(testPki.expiry, 'utf8').trim()}`,
        '--set', 'global.proxy.logLevel=warn\\,linkerd=debug', '--set', 'dashboard.replicas=3',
      ]),
    );
  }

  it('2.9 → 2.10: global values hoisted; linkerd-viz installed with the dashboard settings', async () => {
    c = await startCluster();
    await install29(c);
    const env = { ...c.env, HELM_BIN: helm4 };
    const plan = planPath();
    await ok(helmMigrate(['plan', '--release', 'linkerd2', '-n', 'default', '--to', '2.10', '--charts-dir', chartsDir, '-o', plan], env));
    await ok(helmMigrate(['apply', plan, '--yes'], env));
    const core = await releaseValues(c, 'linkerd2', 'default');
    expect(core.global).toBeUndefined();
    expect(core.proxy.logLevel).toBe('warn,linkerd=debug');
    expect(core.identityTrustAnchorsPEM).toBe(ca);
    // The 2.10 viz chart renders its own namespace, so its release lives beside linkerd2's (as
    // Linkerd's docs installed it).
    const viz = await releaseValues(c, 'linkerd-viz', 'default');
    expect(viz.dashboard.replicas).toBe(3);
    expect(c.server.objects.get('apps/v1', 'deployments', 'linkerd-viz', 'web')?.spec.replicas).toBe(3);
  });

  it('2.9 → 2.12 runs three stages, each checked, in order', async () => {
    c = await startCluster();
    await install29(c);
    const env = { ...c.env, HELM_BIN: helm4 };
    const plan = planPath();
    await ok(helmMigrate(['plan', '--release', 'linkerd2', '-n', 'default', '--to', '2.12', '--charts-dir', chartsDir, '-o', plan], env));
    const saved = parse(readFileSync(plan, 'utf8'));
    expect(saved.stages.map((s: any) => `${s.from}>${s.to}`)).toEqual(['2.9>2.10', '2.10>2.11', '2.11>2.12']);
    for (const s of saved.stages) expect(s.steps[0].type).toBe('check-data-plane');
    await ok(helmMigrate(['apply', plan, '--yes'], env));
    const cp = await releaseValues(c, 'linkerd-control-plane', 'linkerd');
    expect(cp.proxy.logLevel).toBe('warn,linkerd=debug');
    expect(cp.identityTrustAnchorsPEM).toBe(ca);
    expect((await releaseValues(c, 'linkerd-viz', 'linkerd-viz')).dashboard.replicas).toBe(3);
  });

  it('stops before a stage while the data plane is too old, and resumes once it is restarted', async () => {
    c = await startCluster();
    await install211(c);
    await ok(run(kubectl, ['apply', '-f', '-'], c.env, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-1\n  namespace: default\n  annotations:\n    linkerd.io/proxy-version: stable-2.10.2\nspec:\n  containers:\n  - name: web\n    image: web\n'));
    const env = { ...c.env, HELM_BIN: helm4 };
    const plan = planPath();
    await ok(helmMigrate(['plan', '--release', 'linkerd', '-n', 'default', '--to', '2.12', '--charts-dir', chartsDir, '-o', plan], env));
    const stopped = await helmMigrate(['apply', plan, '--yes'], env);
    expect(stopped.code).toBe(6);
    expect(stopped.stderr).toContain('restart these workloads first');
    expect(stopped.stderr).toContain('default/pod/web-1 (stable-2.10.2)');
    expect(c.server.objects.list('v1', 'secrets', 'default').some((s) => s.metadata.name === 'sh.helm.release.v1.linkerd.v1')).toBe(true);
    await ok(c.kubectl(['delete', 'pod', 'web-1', '-n', 'default']));
    await ok(helmMigrate(['apply', plan, '--yes', '--resume'], env));
    expect(await ok(c.helm(4, ['list', '-n', 'linkerd', '-q']))).toContain('linkerd-control-plane');
  });
});

describe.skipIf(!ready)('plan errors: one line, nothing changed', () => {
  it('release not found, not a known chart, chart not found, access denied, unreachable', async () => {
    c = await startCluster();
    const env = { ...c.env, HELM_BIN: helm4 };
    const nf = await helmMigrate(['plan', '--release', 'nope', '-n', 'default', '--to', '2.12'], env);
    expect([nf.code, nf.stderr.trim()]).toEqual([1, 'helm-migrate: release nope not found in namespace default (HELM_DRIVER=secret)']);

    await ok(c.helm(4, ['install', 'smi-only', chartDir('2.12', 'linkerd-crds').replace('linkerd-crds', 'linkerd-crds'), '-n', 'default']));
    const { writeFileSync, mkdirSync } = await import('node:fs');
    const other = join(mkdtempSync(join(tmpdir(), 'hm-chart-')), 'nginx');
    mkdirSync(join(other, 'templates'), { recursive: true });
    writeFileSync(join(other, 'Chart.yaml'), 'apiVersion: v2\nname: nginx\nversion: 1.0.0\n');
    writeFileSync(join(other, 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata: {}\n');
    await ok(c.helm(4, ['install', 'web', other, '-n', 'default']));
    const unknown = await helmMigrate(['plan', '--release', 'web', '-n', 'default', '--to', '2.12'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('helm-migrate: release default/web is chart nginx 1.0.0, which no migration pack knows');

    const missing = await helmMigrate(['plan', '--release', 'smi-only', '-n', 'default', '--to', '2.13', '--charts-dir', '/nonexistent'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toMatch(/^helm-migrate: chart linkerd-crds 1\.6\.1 \(Linkerd 2\.13\) not found under \/nonexistent/);

    c.server.faults.add({ verb: 'list', resource: 'secrets', status: 403, message: 'secrets is forbidden: User "ci" cannot list resource "secrets" in API group "" at the cluster scope' });
    const denied = await helmMigrate(['plan', '--release', 'smi-only', '-n', 'default', '--to', '2.13'], env);
    expect(denied.code, denied.stderr).toBe(4);
    expect(denied.stderr.trim().split('\n')).toHaveLength(1);
    expect(denied.stderr).toContain('access denied');

    const port = Number(new URL(c.server.url).port);
    await c.stop();
    const unreachable = await helmMigrate(['plan', '--release', 'smi-only', '-n', 'default', '--to', '2.13'], env);
    expect(unreachable.code).toBe(4);
    expect(unreachable.stderr.trim()).toMatch(new RegExp(`^helm-migrate: cluster unreachable .*(ECONNREFUSED|${port})`));
    c = undefined;
  });

  it('plan retries transient errors and gives up on a request the server never answers (request timeout)', async () => {
    c = await startCluster();
    await install211(c);
    const env = { ...c.env, HELM_BIN: helm4, HELM_MIGRATE_REQUEST_TIMEOUT: '3', HELM_MIGRATE_RETRY_BASE_MS: '20' };
    // Only helm-migrate's own requests: a list that never answers, a get cut off, a busy server.
    c.server.faults.add({ verb: 'list', resource: 'secrets', userAgent: 'helm-migrate/', action: 'delay', delayMs: 120_000 });
    c.server.faults.add({ verb: 'get', userAgent: 'helm-migrate/', action: 'drop' });
    c.server.faults.add({ verb: 'list', resource: 'pods', userAgent: 'helm-migrate/', status: 503, count: 2 });
    const plan = planPath();
    const r = await helmMigrate(['plan', '--release', 'linkerd', '-n', 'default', '--to', '2.12', '--charts-dir', chartsDir, '-o', plan], env);
    expect(r.code, r.stderr).toBe(0);
    expect(c.server.faults.pending()).toEqual([]);
    expect(parse(readFileSync(plan, 'utf8')).stages.length).toBeGreaterThan(0);
  });

  it('plan blocks on an object another release owns, quoting Helm', async () => {
    c = await startCluster();
    await install211(c);
    // An object the 2.12 control plane renders, already owned by some other release.
    await ok(run(kubectl, ['apply', '-f', '-'], c.env, 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: linkerd-heartbeat\n  namespace: linkerd\n  annotations:\n    meta.helm.sh/release-name: intruder\n    meta.helm.sh/release-namespace: ops\n  labels:\n    app.kubernetes.io/managed-by: Helm\n'));
    const env = { ...c.env, HELM_BIN: helm4 };
    const plan = planPath();
    const r = await helmMigrate(['plan', '--release', 'linkerd', '-n', 'default', '--to', '2.12', '--charts-dir', chartsDir, '-o', plan], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('ServiceAccount "linkerd-heartbeat" in namespace "linkerd" exists and cannot be imported into the current release: invalid ownership metadata; annotation validation error: key "meta.helm.sh/release-name" must equal "linkerd-control-plane": current value is "intruder"');
    const apply = await helmMigrate(['apply', plan, '--yes'], env);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('blocking problem');
  });
});

