import { defineMigration } from '../../src/core/define.js';

const psp = 'PodSecurityPolicy support is gone (chart 73 needs Kubernetes 1.25, which serves no PodSecurityPolicy API); use Pod Security admission labels on the namespace instead';

/**
 * Chart 73 removed PodSecurityPolicy (the notes name `global.pspEnabled`; the keys were under
 * `global.rbac`) and the pre-v1 Ingress branches, and needs Kubernetes 1.25.
 */
export default defineMigration({
  from: '72',
  to: '73',
  summary: 'PodSecurityPolicy values removed (global.rbac.psp*, prometheus.podSecurityPolicy.*, the node exporter\'s pspAnnotations); Kubernetes 1.25 or later',
  charts: [
    {
      chart: 'kube-prometheus-stack',
      operations: [
        { op: 'remove', since: '73.0.0', path: 'global.rbac.pspEnabled', why: psp },
        { op: 'remove', since: '73.0.0', path: 'global.rbac.pspAnnotations', why: psp },
        { op: 'remove', since: '73.0.0', path: 'prometheus.podSecurityPolicy', why: psp },
        { op: 'remove', since: '73.0.0', path: 'prometheus-node-exporter.rbac.pspAnnotations', why: psp },
      ],
    },
  ],
  example: { chart: 'kube-prometheus-stack', values: 'global:\n  rbac:\n    create: true\n    pspEnabled: false\n' },
});
