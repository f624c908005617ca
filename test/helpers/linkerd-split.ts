/**
 * The scenario most plan tests share: a Linkerd 2.11 release installed as Linkerd's docs made it
 * (release `linkerd` in `default`, objects in `linkerd`, a TrafficSplit in use), planned to 2.12
 * (the chart split), and the two states a plan may end in: fully old and fully new.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { helm4, kubectl } from './binaries.js';
import { helmMigrate } from './cli-async.js';
import { run, type Cluster } from './cluster.js';
import { chartDir, chartsDir, hasShared, testPki } from './shared.js';

export const pki = (prefix = '') => ['--set-file', `${prefix}identityTrustAnchorsPEM=${testPki.ca}`, '--set-file', `identity.issuer.tls.crtPEM=${testPki.issuerCrt}`, '--set-file', `identity.issuer.tls.keyPEM=${testPki.issuerKey}`];
export const issuerKey = hasShared ? readFileSync(testPki.issuerKey, 'utf8').split('\n')[1] : 'unused';
export const trafficSplit = `apiVersion: split.smi-spec.io/v1alpha2
kind: TrafficSplit
metadata:
  name: web-split
  namespace: default
spec:
  service: web
  backends:
  - service: web-v1
    weight: 100
`;

export async function ok(p: Promise<{ code: number; stdout: string; stderr: string }>): Promise<string> {
  const r = await p;
  expect(r.code, `${r.stderr}\n${r.stdout}`).toBe(0);
  return r.stdout;
}

export function planPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'hm-plan-')), 'plan.yaml');
}

/** A release's user-supplied values, as helm 4 reports them. */
export async function releaseValues(cl: Cluster, release: string, ns: string): Promise<Record<string, any>> {
  return JSON.parse(await ok(cl.helm(4, ['get', 'values', release, '-n', ns, '-o', 'json'])));
}

/** A 2.11 install as Linkerd's docs made it: release `linkerd` in `default`, objects in `linkerd`. */
export async function install211(cl: Cluster, opts: { trafficSplit?: boolean; viz?: boolean } = {}): Promise<void> {
  await ok(cl.helm(3, ['install', 'linkerd', chartDir('2.11', 'linkerd2'), '-n', 'default', ...pki(), '--set', 'policyController.defaultAllowPolicy=deny', '--set', 'proxy.logLevel=warn\\,linkerd=debug']));
  if (opts.viz) await ok(cl.helm(3, ['install', 'linkerd-viz', chartDir('2.11', 'linkerd-viz'), '-n', 'default', '--set', 'dashboard.replicas=2']));
  if (opts.trafficSplit) await ok(run(kubectl, ['apply', '-f', '-'], cl.env, trafficSplit));
}

/** 2.11 installed with a TrafficSplit, and a plan to 2.12 made with helm 4. */
export async function planned(cl: Cluster): Promise<{ plan: string; env: NodeJS.ProcessEnv }> {
  await install211(cl, { trafficSplit: true });
  const env = { ...cl.env, HELM_BIN: helm4 };
  const plan = planPath();
  await ok(helmMigrate(['plan', '--release', 'linkerd', '-n', 'default', '--to', '2.12', '--charts-dir', chartsDir, '-o', plan], env));
  return { plan, env };
}

/** What the migration leaves: releases, owners of a few objects, the old records, the TrafficSplit. */
export async function finalState(cl: Cluster): Promise<string[]> {
  const rels = JSON.parse(await ok(cl.helm(4, ['list', '-A', '-o', 'json']))).map((r: any) => `${r.namespace}/${r.name}:${r.chart}:${r.status}`);
  const owners = ['servers.policy.linkerd.io', 'trafficsplits.split.smi-spec.io'].map((n) => cl.server.objects.get('apiextensions.k8s.io/v1', 'customresourcedefinitions', undefined, n)?.metadata.annotations?.['meta.helm.sh/release-name']);
  const records = cl.server.objects.list('v1', 'secrets', 'default').filter((s) => s.metadata.labels?.owner === 'helm').length;
  return [...rels.sort(), ...owners, `old-records:${records}`, `ts:${Boolean(cl.server.objects.get('split.smi-spec.io/v1alpha2', 'trafficsplits', 'default', 'web-split'))}`];
}

/** Fully migrated: the three new releases deployed, the CRDs theirs, no old record, the TrafficSplit kept. */
export const FULLY_NEW = ['linkerd-smi/linkerd-smi', 'linkerd/linkerd-control-plane', 'linkerd/linkerd-crds'];

export async function expectFullyNew(cl: Cluster): Promise<void> {
  const state = await finalState(cl);
  expect(state.filter((s) => s.endsWith(':deployed')).map((s) => s.split(':')[0])).toEqual(FULLY_NEW);
  expect(state.slice(-4)).toEqual(['linkerd-crds', 'linkerd-smi', 'old-records:0', 'ts:true']);
}

/** Fully old: the 2.11 release alone, deployed, owning the CRDs, every record back, the TrafficSplit kept. */
export async function expectFullyOld(cl: Cluster, recordsBefore: number): Promise<void> {
  const state = await finalState(cl);
  expect(state.slice(0, -4)).toEqual(['default/linkerd:linkerd2-2.11.5:deployed']);
  expect(state.slice(-4, -2)).toEqual(['linkerd', 'linkerd']);
  expect(Number(state.at(-2)!.split(':')[1])).toBeGreaterThanOrEqual(recordsBefore);
  expect(state.at(-1)).toBe('ts:true');
}
