/** The data-plane check before a stage, pure: old proxies and proxies it cannot place both block. */
import { describe, expect, it } from 'vitest';
import pack from '../../migrations/linkerd/index.js';
import type { KubeObject } from '../../src/kube/types.js';
import { dataPlaneProblems } from '../../src/plan/data-plane.js';

const pod = (name: string, version?: string, owner?: { kind: string; name: string }): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'apps', ...(version ? { annotations: { 'linkerd.io/proxy-version': version } } : {}), ...(owner ? { ownerReferences: [owner] } : {}) },
});
const check = (pods: KubeObject[], minimum = '2.11') => dataPlaneProblems(pods, pack, 'linkerd.io/proxy-version', minimum);

describe('data-plane check', () => {
  it('passes proxies at or after the minimum, and pods without a proxy', () => {
    expect(check([pod('a', 'stable-2.11.5'), pod('b', 'stable-2.12.1'), pod('c')])).toEqual({ old: [], unknown: [] });
  });
  it('names proxies older than the minimum by workload', () => {
    expect(check([pod('web-7d9f8c6b5-x2x1z', 'stable-2.10.2', { kind: 'ReplicaSet', name: 'web-7d9f8c6b5' })]).old).toEqual(['apps/deployment/web (stable-2.10.2)']);
  });
  it('blocks on versions it cannot place instead of passing them', () => {
    const r = check([pod('a', 'stable-2.7.1'), pod('b', 'edge-24.5.1'), pod('c', '2.9.6'), pod('d', 'vendor-build-3')]);
    expect(r.old).toEqual([]);
    expect(r.unknown).toEqual(['apps/pod/a (stable-2.7.1)', 'apps/pod/b (edge-24.5.1)', 'apps/pod/c (2.9.6)', 'apps/pod/d (vendor-build-3)']);
  });
});
