import { defineMigration } from '../../src/core/define.js';
import { splitSwitch } from './transforms.js';

/**
 * Charts 74 to 79. The Grafana admin password stops defaulting to `prom-operator` (79.0.0): the
 * grafana chart keeps the password of the Secret it finds on a live upgrade, or makes up a random
 * one (always, where charts are rendered without a cluster, as Argo CD does). The tool never
 * invents a password: a file that relied on the default is told what to set. kube-state-metrics
 * 6 has no PodSecurityPolicy values. Objects of additionalPrometheusRules(Map) take the release's
 * full name (75.0.0), which Helm handles by replacing them.
 */
export default defineMigration({
  from: '73',
  to: '79',
  summary: 'grafana.adminPassword no longer defaults to prom-operator; kube-state-metrics.prometheus.monitor.honorLabels → http and metrics endpoints; kube-state-metrics.podSecurityPolicy gone',
  charts: [
    {
      chart: 'kube-prometheus-stack',
      operations: [
        {
          op: 'remove',
          since: '74.0.0',
          path: 'kube-state-metrics.podSecurityPolicy',
          why: 'kube-state-metrics chart 6 has no PodSecurityPolicy (Kubernetes 1.25 serves none); use Pod Security admission labels on the namespace instead',
        },
        // The parent now sets kube-state-metrics' per-endpoint honorLabels (true), which win over
        // the flat key the subchart otherwise falls back to: a value there would be ignored.
        splitSwitch(
          'kube-state-metrics.prometheus.monitor.honorLabels',
          ['kube-state-metrics.prometheus.monitor.http.honorLabels', 'kube-state-metrics.prometheus.monitor.metrics.honorLabels'],
          '74.0.0',
          'the parent chart sets http.honorLabels and metrics.honorLabels, which win over the flat key',
        ),
        {
          op: 'hook',
          name: 'grafana-admin-password',
          since: '79.0.0',
          why: 'chart 79 sets no Grafana admin password',
          run(ctx) {
            if (ctx.get('grafana.enabled') === false || ctx.has('grafana.adminPassword') || ctx.has('grafana.admin.existingSecret')) return;
            ctx.note(
              'Grafana\'s admin password no longer defaults to prom-operator: on a live helm upgrade the grafana chart keeps the one in its Secret; rendered without a cluster (Argo CD, helm template) it is a new random one on every render. Set grafana.admin.existingSecret (a Secret you manage) or grafana.adminPassword to keep a known login',
              'warning',
              [{ object: 'Secret/*', field: 'admin-password' }],
            );
          },
        },
      ],
    },
  ],
  example: { chart: 'kube-prometheus-stack', values: 'grafana:\n  ingress:\n    enabled: true\n    hosts: [grafana.example.com]\n' },
});
