/**
 * The cluster path against a real kube-apiserver (built from k8s.io/kubernetes, etcd embedded;
 * see test/real-kube-apiserver): what the in-memory model of Kubernetes cannot show. Releases
 * installed by helm 3 (client-side, field manager `helm`) and edited by kubectl (other field
 * managers) are migrated by helm 4; custom resources are checked by the server's own schema
 * validation; read-only access goes through real RBAC. Linkerd 2.13 → edge and Traefik 33 → 41
 * (CRDs applied server-side each stage) both run on a current Kubernetes; the older Linkerd
 * releases need a server that still serves PodSecurityPolicy and batch/v1beta1, which these
 * tests do not build yet.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import traefik from '../../migrations/traefik/index.js';
import { helm4 } from '../helpers/binaries.js';
import { helmMigrate } from '../helpers/cli-async.js';
import { ok, pki } from '../helpers/linkerd-split.js';
import { ready as needs } from '../helpers/prereq.js';
import { startRealCluster, type RealCluster } from '../helpers/real-cluster.js';
import { shopRouteIn } from '../helpers/traefik-crds.js';
import { chartDir, chartPath, chartsDir, sharedDir } from '../helpers/shared.js';

const ready = needs('shared', 'binaries', 'build', 'real-apiserver');
const traefikCharts = join(sharedDir, 'charts', 'traefik');

let c: RealCluster;
/** A server per pack: Linkerd's edge CRDs include Gateway API ones, which a Traefik plan rightly refuses to take over. */
function ownServer(): void {
  beforeAll(async () => {
    if (ready) c = await startRealCluster();
  });
  afterAll(() => c?.stop());
}

const planPath = () => join(mkdtempSync(join(tmpdir(), 'hm-real-plan-')), 'plan.yaml');
const releases = async () => JSON.parse(await ok(c.helm(4, ['list', '-A', '-o', 'json']))).map((r: any) => `${r.namespace}/${r.name}:${r.chart}:${r.status}`).sort();

describe.skipIf(!ready)('linkerd on a real kube-apiserver', () => {
  ownServer();
  it('serves the Kubernetes version it was built as (helm reads it for kubeVersion constraints)', async () => {
    expect(c.version).toMatch(/^v1\.\d+\.\d+$/);
    const v = JSON.parse(await ok(c.kubectl(['version', '-o', 'json'])));
    expect(v.serverVersion.gitVersion).toBe(c.version);
  });

  it('linkerd 2.13 → edge: installed by helm 3, edited by kubectl, migrated by helm 4 in place; rolled back: refused while a Server is stored at a version the old CRDs lack, done once it is gone', async () => {
    await ok(c.helm(3, ['install', 'linkerd-crds', chartDir('2.13', 'linkerd-crds'), '-n', 'linkerd', '--create-namespace']));
    await ok(c.helm(3, ['install', 'linkerd-control-plane', chartDir('2.13', 'linkerd-control-plane'), '-n', 'linkerd', ...pki(), '--set', 'proxy.logLevel=warn\\,linkerd=debug', '--set', 'controllerReplicas=2']));
    // Fields other managers own, as on a live cluster: an annotation and a scale by hand.
    await ok(c.kubectl(['-n', 'linkerd', 'annotate', 'deployment/linkerd-destination', 'example.com/owner=platform']));
    await ok(c.kubectl(['-n', 'linkerd', 'scale', 'deployment/linkerd-identity', '--replicas=3']));
    const managers = (await c.get('deployment', 'linkerd-identity', 'linkerd'))!.metadata.managedFields.map((f: any) => f.manager);
    expect(managers).toEqual(expect.arrayContaining(['helm', 'kubectl']));

    const env = { ...c.env, HELM_BIN: helm4 };
    const plan = planPath();
    await ok(helmMigrate(['plan', '--release', 'linkerd-control-plane', '-n', 'linkerd', '--to', 'latest', '--charts-dir', chartsDir, '-o', plan], env));
    const applied = await helmMigrate(['apply', plan, '--yes'], env);
    expect(applied.code, applied.stderr).toBe(0);
    expect(await releases()).toEqual(['linkerd/linkerd-control-plane:linkerd-control-plane-2026.8.3:deployed', 'linkerd/linkerd-crds:linkerd-crds-2026.8.3:deployed']);
    const values = JSON.parse(await ok(c.helm(4, ['get', 'values', 'linkerd-control-plane', '-n', 'linkerd', '-o', 'json'])));
    expect(values.proxy.logLevel).toBe('warn,linkerd=debug');
    expect(values.controllerReplicas).toBe(2);
    // The chart's fields are the chart's again; a field only kubectl set stays.
    const destination = (await c.get('deployment', 'linkerd-destination', 'linkerd'))!;
    expect(destination.spec.replicas).toBe(2);
    expect(destination.metadata.annotations['example.com/owner']).toBe('platform');
    // The HTTPRoute CRD 2.14's linkerd-crds installed is kept (enableHttpRoutes pinned by the migration).
    expect(await c.get('crd', 'httproutes.gateway.networking.k8s.io')).toBeDefined();

    // Edge's policy CRDs store v1beta3, which 2.13's do not list: the API refuses the old
    // definitions while anything could be stored at v1beta3. With a Server stored, rollback is
    // refused before anything changes; without, the CRDs are readied (storage back to the old
    // version, v1beta3 out of storedVersions) and the releases go back.
    expect((await c.get('crd', 'servers.policy.linkerd.io'))!.status.storedVersions).toContain('v1beta3');
    // Admission webhooks need pods to answer; a server without nodes has none.
    await ok(c.kubectl(['delete', 'validatingwebhookconfigurations', '--all']));
    const server = 'apiVersion: policy.linkerd.io/v1beta3\nkind: Server\nmetadata:\n  name: web\n  namespace: default\nspec:\n  podSelector:\n    matchLabels:\n      app: web\n  port: 8080\n';
    await ok(c.kubectl(['apply', '-f', '-'], server));
    const before = await releases();
    const refused = await helmMigrate(['rollback', plan, '--yes'], env);
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stderr.trim().split('\n').pop()).toMatch(/^helm-migrate: linkerd\/linkerd-crds cannot go back to linkerd-crds 1\.6\.1: CRD servers\.policy\.linkerd\.io has stored v1beta3, which that chart's CRD does not serve, and holds 1 object\(s\).*Nothing was changed/);
    expect(await releases()).toEqual(before);
    expect((await c.get('crd', 'servers.policy.linkerd.io'))!.status.storedVersions).toContain('v1beta3');

    await ok(c.kubectl(['delete', 'server.policy.linkerd.io', 'web', '-n', 'default']));
    const rb = await helmMigrate(['rollback', plan, '--yes'], env);
    expect(rb.code, rb.stderr).toBe(0);
    expect(rb.stderr).toMatch(/CRD servers\.policy\.linkerd\.io: storage back to v1beta\d and v1beta3 out of its stored versions \(no object was stored\)/);
    expect(await releases()).toEqual(['linkerd/linkerd-control-plane:linkerd-control-plane-1.12.7:deployed', 'linkerd/linkerd-crds:linkerd-crds-1.6.1:deployed']);
    expect(JSON.parse(await ok(c.helm(4, ['get', 'values', 'linkerd-control-plane', '-n', 'linkerd', '-o', 'json']))).proxy.logLevel).toBe('warn,linkerd=debug');
    expect((await c.get('crd', 'servers.policy.linkerd.io'))!.status.storedVersions).not.toContain('v1beta3');
  });

});

describe.skipIf(!ready)('traefik on a real kube-apiserver', () => {
  ownServer();

  it('traefik 33 → 41: each stage replaces its CRDs over the ones helm 3 created; the IngressRoute passes the server\'s schema before and after; read-only access is refused; rolled back to 33', async () => {
    const ns = 'edge';
    await ok(c.helm(3, ['install', 'traefik', chartPath(traefik, '33', 'traefik'), '-n', ns, '--create-namespace', '--set', 'service.type=NodePort', '--set', 'logs.general.level=WARN']));
    const route = shopRouteIn(ns);
    await ok(c.kubectl(['apply', '-f', '-'], route));
    // The server validates custom resources against the CRD's schema: a wrong field is refused.
    const bad = await c.kubectl(['apply', '--validate=strict', '-f', '-'], route.replace('entryPoints:', 'entrypoints:'));
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/unknown field "spec\.entrypoints"/);

    const env = { ...c.env, HELM_BIN: helm4 };
    const plan = planPath();
    // The view ClusterRole reads no Secrets, so not Helm's release records: refused by real RBAC, one line, exit 4.
    const denied = await helmMigrate(['plan', '--release', 'traefik', '-n', ns, '--to', '41', '--charts-dir', traefikCharts, '-o', plan, '--kube-context', 'viewer'], env);
    expect(denied.code, denied.stderr).toBe(4);
    expect(denied.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^helm-migrate: .*(forbidden|denied)/i)]);

    await ok(helmMigrate(['plan', '--release', 'traefik', '-n', ns, '--to', '41', '--charts-dir', traefikCharts, '-o', plan], env));
    const stages = parse(readFileSync(plan, 'utf8')).stages;
    expect(stages.flatMap((s: any) => s.steps).filter((s: any) => s.type === 'apply-crds').length).toBeGreaterThan(0);

    const applied = await helmMigrate(['apply', plan, '--yes'], env);
    expect(applied.code, applied.stderr).toBe(0);
    expect(await releases()).toContain(`${ns}/traefik:traefik-41.3.0:deployed`);
    const svc = (await c.get('service', 'traefik', ns))!;
    expect(svc.spec.type).toBe('NodePort');
    // The route is still stored, and still valid under the newest CRD's schema.
    const kept = (await c.get('ingressroute.traefik.io', 'shop', ns))!;
    expect(kept.spec.routes[0].match).toBe('Host(`shop.example`)');
    await ok(c.kubectl(['apply', '--validate=strict', '--dry-run=server', '-f', '-'], route));

    // Back to 33: the release's old manifest again (the CRDs, which helm never rolls back, stay new and serve it).
    const rb = await helmMigrate(['rollback', plan, '--yes'], env);
    expect(rb.code, rb.stderr).toBe(0);
    expect(await releases()).toContain(`${ns}/traefik:traefik-33.2.1:deployed`);
    expect((await c.get('service', 'traefik', ns))!.spec.type).toBe('NodePort');
    expect(await c.get('ingressroute.traefik.io', 'shop', ns)).toBeDefined();
  });
});

describe.skipIf(!ready)('CRD stored versions on a real kube-apiserver', () => {
  ownServer();

  it('traefik 32 → 33 on a cluster that once stored GRPCRoutes as v1alpha2: the plan stops before anything changes, quoting the API server', async () => {
    await ok(c.helm(3, ['install', 'traefik', chartPath(traefik, '32', 'traefik'), '-n', 'edge', '--create-namespace']));
    // As an older Gateway API release leaves it: v1alpha2 objects were once stored.
    await ok(c.kubectl(['patch', 'crd', 'grpcroutes.gateway.networking.k8s.io', '--subresource=status', '--type=merge', '-p', '{"status":{"storedVersions":["v1alpha2","v1"]}}']));
    expect((await c.get('crd', 'grpcroutes.gateway.networking.k8s.io'))!.status.storedVersions).toEqual(['v1alpha2', 'v1']);
    const env = { ...c.env, HELM_BIN: helm4 };
    const plan = planPath();
    const r = await helmMigrate(['plan', '--release', 'traefik', '-n', 'edge', '--to', '33', '--charts-dir', traefikCharts, '-o', plan], env);
    expect(r.code, r.stderr).toBe(1);
    const blocked = parse(readFileSync(plan, 'utf8')).preflight.blocked;
    expect(blocked.map((b: any) => `${b.stage} ${b.object?.name}`)).toEqual(['33 grpcroutes.gateway.networking.k8s.io']);
    expect(blocked[0].message).toMatch(/status\.storedVersions\[0\]: Invalid value: "v1alpha2": missing from spec\.versions/);
    const refused = await helmMigrate(['apply', plan, '--yes'], env);
    expect(refused.code).not.toBe(0);
    expect(await releases()).toEqual(['edge/traefik:traefik-32.1.1:deployed']);
    expect((await c.get('crd', 'grpcroutes.gateway.networking.k8s.io'))!.spec.versions.map((v: any) => v.name)).toEqual(['v1', 'v1alpha2']);
  });
});
