import type { ClusterProfile } from '../../src/core/types.js';

/**
 * Linkerd in a cluster. Before 2.12 the charts put their objects in `.Values.namespace`
 * whatever the release namespace (the docs installed linkerd2 as a release in `default`); from
 * 2.12 objects go to the release namespace, and the control plane's extensions need their own.
 */
export const cluster: ClusterProfile = {
  installs: {
    'linkerd-crds': { release: 'linkerd-crds' },
    'linkerd-control-plane': { release: 'linkerd-control-plane' },
    'linkerd-viz': { release: 'linkerd-viz', namespace: 'linkerd-viz' },
    'linkerd-jaeger': { release: 'linkerd-jaeger', namespace: 'linkerd-jaeger' },
    'linkerd-multicluster': { release: 'linkerd-multicluster', namespace: 'linkerd-multicluster' },
    'linkerd2-cni': { release: 'linkerd2-cni', namespace: 'linkerd-cni' },
    'linkerd-smi': { release: 'linkerd-smi', namespace: 'linkerd-smi' },
  },
  objectNamespace: {
    path: 'namespace',
    defaults: {
      linkerd2: 'linkerd',
      'linkerd-viz': 'linkerd-viz',
      'linkerd-jaeger': 'linkerd-jaeger',
      'linkerd-multicluster': 'linkerd-multicluster',
      'linkerd2-multicluster': 'linkerd-multicluster',
      'linkerd2-cni': 'linkerd-cni',
    },
  },
  adoptions: [
    {
      atRelease: '2.12',
      chart: 'linkerd-smi',
      object: { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: 'trafficsplits.split.smi-spec.io' },
      whenAnyExist: [
        { apiVersion: 'split.smi-spec.io/v1alpha2', kind: 'TrafficSplit' },
        { apiVersion: 'split.smi-spec.io/v1alpha1', kind: 'TrafficSplit' },
      ],
      why: 'the TrafficSplit CRD left Linkerd in 2.12; linkerd-smi adopts it so no TrafficSplit is lost',
    },
  ],
  conflictValues: [
    {
      kind: 'CustomResourceDefinition',
      namePattern: /\.gateway\.networking\.k8s\.io$/,
      chart: 'linkerd-crds',
      set: { enableHttpRoutes: false },
      why: 'the Gateway API CRDs are installed and managed by someone else: linkerd-crds must not adopt them',
    },
  ],
  trustAnchor: {
    valuesPath: [['identityTrustAnchorsPEM'], ['global', 'identityTrustAnchorsPEM']],
    configMap: 'linkerd-identity-trust-roots',
    key: 'ca-bundle.crt',
    chart: ['linkerd2', 'linkerd-control-plane'],
  },
  dataPlane: { versionAnnotation: 'linkerd.io/proxy-version', what: 'meshed pod runs a proxy' },
  leftAlone: [
    {
      charts: ['linkerd2-multicluster-link', 'linkerd-multicluster-link'],
      why: 'links are re-created with `linkerd multicluster link` after the upgrade',
    },
  ],
  followUps: [
    {
      charts: ['linkerd2-multicluster', 'linkerd-multicluster'],
      text: 'after the last stage: re-link every target cluster with `linkerd multicluster link` (links do not survive the extension upgrade)',
    },
  ],
};
