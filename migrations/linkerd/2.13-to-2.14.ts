import { defineMigration } from '../../src/core/define.js';

export default defineMigration({
  from: '2.13',
  to: '2.14',
  summary: 'no value moves; linkerd-crds starts installing the Gateway API HTTPRoute CRD (enableHttpRoutes)',
  charts: [],
  shared: [
    {
      from: 'linkerd-viz:prometheusUrl',
      to: 'linkerd-control-plane:prometheusUrl',
      why: 'from 2.14 the control plane heartbeat reads Prometheus too; it gets the external Prometheus viz uses',
    },
  ],
  followUps: [
    { chart: 'linkerd-crds', text: 'linkerd-crds now installs httproutes.gateway.networking.k8s.io; if the Gateway API is already installed, set enableHttpRoutes: false.' },
    { chart: 'linkerd-multicluster', text: 'Re-link every target cluster after upgrading: `linkerd multicluster check` fails until you do (no downtime).' },
    { text: 'Restart meshed workloads (kubectl rollout restart) so their proxies match the new control plane.' },
  ],
});
