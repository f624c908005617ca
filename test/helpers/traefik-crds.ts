/**
 * The second scenario plan tests share: traefik 39 with its CRDs in a separate `traefik-crds`
 * 1.18.0 release (as Traefik's README had users set it up), an IngressRoute in use, planned to
 * 40, where the plan retires that release; and the two states a plan may end in.
 */
import { join } from 'node:path';
import { expect } from 'vitest';
import traefik from '../../migrations/traefik/index.js';
import { helm4, kubectl } from './binaries.js';
import { helmMigrate } from './cli-async.js';
import { run, type Cluster } from './cluster.js';
import { ok, planPath } from './linkerd-split.js';
import { chartPath, sharedDir } from './shared.js';

const chartsDir = join(sharedDir, 'charts', 'traefik');

/** An IngressRoute `shop` in `namespace`, as a user writes one. */
export const shopRouteIn = (namespace: string) => `apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata:
  name: shop
  namespace: ${namespace}
spec:
  entryPoints: [websecure]
  routes:
    - match: Host(\`shop.example\`)
      kind: Rule
      services:
        - name: shop
          port: 80
`;

export const shopRoute = shopRouteIn('default');

/** A Gateway stored under the Gateway API CRDs the traefik-crds release installs. */
export const shopGateway = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: shop
  namespace: default
spec:
  gatewayClassName: traefik
  listeners:
    - name: web
      protocol: HTTP
      port: 8000
`;

/** traefik-crds 1.18.0 (with the Gateway API CRDs) in `default`, traefik `release` in `traefik` without its own CRDs, one IngressRoute and one Gateway. */
export async function installWithCrdsRelease(cl: Cluster, release: string, crdsChart = join(chartsDir, 'crds-1.18.0', 'traefik-crds')): Promise<void> {
  await ok(cl.helm(4, ['install', 'traefik-crds', crdsChart, '-n', 'default', '--set', 'gatewayAPI=true']));
  await ok(cl.helm(4, ['install', 'traefik', chartPath(traefik, release, 'traefik'), '-n', 'traefik', '--create-namespace', '--skip-crds']));
  await ok(run(kubectl, ['apply', '-f', '-'], cl.env, shopRoute));
  await ok(run(kubectl, ['apply', '-f', '-'], cl.env, shopGateway));
}

/** Installed as above from 39, and a plan to `to` made with helm 4. */
export async function plannedRetirement(cl: Cluster, to = '40'): Promise<{ plan: string; env: NodeJS.ProcessEnv }> {
  await installWithCrdsRelease(cl, '39');
  const env = { ...cl.env, HELM_BIN: helm4 };
  const plan = planPath();
  await ok(helmMigrate(['plan', '--release', 'traefik', '-n', 'traefik', '--to', to, '--charts-dir', chartsDir, '-o', plan], env));
  return { plan, env };
}

/**
 * `namespace/name/managed-by` of a CRD's Helm ownership ('//' when it has none). A CRD that does
 * not exist fails the test here: it has no owner, but '//' would read as "kept, unowned".
 */
export function crdOwner(cl: Cluster, name: string): string {
  const crd = cl.server.objects.get('apiextensions.k8s.io/v1', 'customresourcedefinitions', undefined, name);
  expect(crd, `CRD ${name} exists`).toBeDefined();
  const m = crd!.metadata;
  return [m.annotations?.['meta.helm.sh/release-namespace'], m.annotations?.['meta.helm.sh/release-name'], m.labels?.['app.kubernetes.io/managed-by']].join('/');
}

/** The user's objects stored under the CRDs are all still there. */
function expectUserObjects(cl: Cluster): void {
  expect(cl.server.objects.get('traefik.io/v1alpha1', 'ingressroutes', 'default', 'shop'), 'IngressRoute default/shop').toBeDefined();
  expect(cl.server.objects.get('gateway.networking.k8s.io/v1', 'gateways', 'default', 'shop'), 'Gateway default/shop').toBeDefined();
}

export const crdsReleaseRecords = (cl: Cluster) => cl.server.objects.list('v1', 'secrets', 'default').filter((s) => s.metadata.labels?.owner === 'helm').length;

async function releases(cl: Cluster): Promise<string[]> {
  return JSON.parse(await ok(cl.helm(4, ['list', '-A', '-o', 'json']))).map((r: { namespace: string; name: string; chart: string; status: string }) => `${r.namespace}/${r.name}:${r.chart}:${r.status}`).sort();
}

/** Retired: traefik on 40, no traefik-crds record, its CRDs there without Helm ownership, the route kept. */
export async function expectRetired(cl: Cluster, to = '40.3.0'): Promise<void> {
  expect(await releases(cl)).toEqual([`traefik/traefik:traefik-${to}:deployed`]);
  expect(crdsReleaseRecords(cl)).toBe(0);
  expect([crdOwner(cl, 'ingressroutes.traefik.io'), crdOwner(cl, 'gateways.gateway.networking.k8s.io')]).toEqual(['//', '//']);
  expectUserObjects(cl);
}

/** As it started: both releases deployed, every record back, the CRDs traefik-crds' again, the route kept. */
export async function expectCrdsReleaseBack(cl: Cluster, recordsBefore: number): Promise<void> {
  expect(await releases(cl)).toEqual(['default/traefik-crds:traefik-crds-1.18.0:deployed', 'traefik/traefik:traefik-39.0.9:deployed']);
  expect(crdsReleaseRecords(cl)).toBeGreaterThanOrEqual(recordsBefore);
  expect([crdOwner(cl, 'ingressroutes.traefik.io'), crdOwner(cl, 'gateways.gateway.networking.k8s.io')]).toEqual(['default/traefik-crds/Helm', 'default/traefik-crds/Helm']);
  expectUserObjects(cl);
}
