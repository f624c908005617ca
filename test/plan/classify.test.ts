/** Preflight classification, pure: the cases L-15, L-16, L-19 and L-25 with hand-made views. */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/kube/types.js';
import { checkStoredVersions, classifyStage, predictOwnershipError, viewOf } from '../../src/plan/classify.js';

const obj = (kind: string, name: string, namespace?: string, extra: Partial<KubeObject> & { owner?: [string, string]; helm?: boolean } = {}): KubeObject => {
  const { owner, helm, ...rest } = extra;
  return {
    apiVersion: kind === 'CustomResourceDefinition' ? 'apiextensions.k8s.io/v1' : kind === 'Deployment' ? 'apps/v1' : 'v1',
    kind,
    ...rest,
    metadata: {
      name,
      ...(namespace ? { namespace } : {}),
      ...(owner ? { annotations: { 'meta.helm.sh/release-name': owner[0], 'meta.helm.sh/release-namespace': owner[1] } } : {}),
      ...(helm === false ? {} : owner ? { labels: { 'app.kubernetes.io/managed-by': 'Helm' } } : {}),
      resourceVersion: '1',
    },
  } as KubeObject;
};
const old = { name: 'linkerd', namespace: 'default' };
const cp = { name: 'linkerd-control-plane', namespace: 'linkerd' };
const crds = { name: 'linkerd-crds', namespace: 'linkerd' };

describe('preflight classification', () => {
  it('hands over the old release\'s objects, keeps its Namespace, and creates what is new (L-11, L-15)', () => {
    const live = [obj('Namespace', 'linkerd', undefined, { owner: ['linkerd', 'default'] }), obj('ServiceAccount', 'linkerd-identity', 'linkerd', { owner: ['linkerd', 'default'] }), obj('CustomResourceDefinition', 'servers.policy.linkerd.io', undefined, { owner: ['linkerd', 'default'] })];
    const view = viewOf(live);
    const r = classifyStage('2.12', view, [{ release: old, strategy: 'handover', objects: live.map((o) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace })) }], [
      { release: crds, objects: [obj('CustomResourceDefinition', 'servers.policy.linkerd.io')] },
      { release: cp, objects: [obj('ServiceAccount', 'linkerd-identity', 'linkerd'), obj('ConfigMap', 'linkerd-identity-trust-roots', 'linkerd')] },
    ]);
    expect(r.blocked).toEqual([]);
    expect(r.objects.map((o) => `${o.kind}/${o.name}:${o.class}`).sort()).toEqual([
      'ConfigMap/linkerd-identity-trust-roots:absent',
      'CustomResourceDefinition/servers.policy.linkerd.io:hand-over',
      'Namespace/linkerd:left-behind',
      'ServiceAccount/linkerd-identity:hand-over',
    ]);
    expect(r.objects.find((o) => o.kind === 'Namespace')!.note).toMatch(/deleting it would delete everything/);
    expect(r.handovers.map((h) => `${h.from.name}>${h.to.name}:${h.objects.length}`).sort()).toEqual(['linkerd>linkerd-control-plane:1', 'linkerd>linkerd-crds:1']);
  });

  it("predicts Helm's exact error for objects it would refuse (L-16)", () => {
    const view = viewOf([obj('ConfigMap', 'a', 'linkerd', { owner: ['other', 'ops'] }), obj('ConfigMap', 'b', 'linkerd')]);
    const r = classifyStage('2.12', view, [], [{ release: cp, objects: [obj('ConfigMap', 'a', 'linkerd'), obj('ConfigMap', 'b', 'linkerd')] }]);
    expect(r.objects.map((o) => o.class)).toEqual(['owned-by-other', 'unmanaged']);
    expect(r.blocked.map((b) => b.message)).toEqual([
      'ConfigMap "a" in namespace "linkerd" exists and cannot be imported into the current release: invalid ownership metadata; annotation validation error: key "meta.helm.sh/release-name" must equal "linkerd-control-plane": current value is "other"; annotation validation error: key "meta.helm.sh/release-namespace" must equal "linkerd": current value is "ops"',
      'ConfigMap "b" in namespace "linkerd" exists and cannot be imported into the current release: invalid ownership metadata; label validation error: missing key "app.kubernetes.io/managed-by": must be set to "Helm"; annotation validation error: missing key "meta.helm.sh/release-name": must be set to "linkerd-control-plane"; annotation validation error: missing key "meta.helm.sh/release-namespace": must be set to "linkerd"',
    ]);
    expect(predictOwnershipError({ ref: { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: 'x' }, exists: true, live: obj('CustomResourceDefinition', 'x') }, crds)).toContain('in namespace ""');
  });

  it('blocks an upgrade that would delete a CRD, and reports what an upgrade deletes', () => {
    const crd = obj('CustomResourceDefinition', 'httproutes.gateway.networking.k8s.io', undefined, { owner: ['linkerd-crds', 'linkerd'] });
    const view = viewOf([crd]);
    const r = classifyStage('edge', view, [{ release: crds, strategy: 'upgrade', objects: [{ apiVersion: crd.apiVersion, kind: crd.kind, name: crd.metadata.name }] }], [{ release: crds, objects: [] }]);
    expect(r.blocked[0].message).toBe('helm upgrade of linkerd/linkerd-crds would delete CustomResourceDefinition "httproutes.gateway.networking.k8s.io" and every resource of that kind');
  });

  it('blocks a CRD whose stored versions the new definition drops (L-19)', () => {
    const live = obj('CustomResourceDefinition', 'servers.policy.linkerd.io', undefined, { owner: ['linkerd-crds', 'linkerd'], status: { storedVersions: ['v1beta1', 'v1beta3'] } } as never);
    const next = obj('CustomResourceDefinition', 'servers.policy.linkerd.io', undefined, { spec: { versions: [{ name: 'v1beta1' }, { name: 'v1beta2' }] } } as never);
    expect(checkStoredVersions('2.14', viewOf([live]), [{ release: crds, objects: [next] }]).map((b) => b.message)).toEqual([
      'CustomResourceDefinition.apiextensions.k8s.io "servers.policy.linkerd.io" is invalid: status.storedVersions[1]: Invalid value: "v1beta3": missing from spec.versions; v1beta3 was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in v1beta3 and removes v1beta3 from status.storedVersions',
    ]);
  });

  it('blocks a changed workload selector (L-25)', () => {
    const live = obj('Deployment', 'web', 'linkerd', { owner: ['linkerd-control-plane', 'linkerd'], spec: { selector: { matchLabels: { app: 'web' } } } } as never);
    const next = obj('Deployment', 'web', 'linkerd', { spec: { selector: { matchLabels: { app: 'web', tier: 'x' } } } } as never);
    const r = classifyStage('2.13', viewOf([live]), [], [{ release: cp, objects: [next] }]);
    expect(r.blocked.map((b) => b.message)).toEqual(['cannot patch "web" with kind Deployment: Deployment.apps "web" is invalid: spec.selector: Invalid value: {"matchLabels":{"app":"web","tier":"x"}}: field is immutable']);
    const same = classifyStage('2.13', viewOf([live]), [], [{ release: cp, objects: [obj('Deployment', 'web', 'linkerd', { spec: { selector: { matchLabels: { app: 'web' } } } } as never)] }]);
    expect(same.blocked).toEqual([]);
  });
});
