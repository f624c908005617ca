import { defineMigration } from '../../src/core/define.js';

/**
 * Charts 65 to 68 changed defaults only: Prometheus 3 (67), metrics dropped by default (68), soft
 * pod anti-affinity (65.5.1). A file that repeats an old default keeps it (reported), and a copied
 * Prometheus v2 tag is the old chart's own pin, dropped. (Chart 68 also reads switches for four
 * requests/limits rule groups that its values do not set: they stay off, and its
 * k8sContainerResource group still records those series.)
 */
export default defineMigration({
  from: '64',
  to: '68',
  summary: 'no value moves; Prometheus 3, default metric drops and soft pod anti-affinity are default changes',
  charts: [{ chart: 'kube-prometheus-stack', operations: [] }],
  followUps: [
    {
      chart: 'kube-prometheus-stack',
      text: 'Chart 67 runs Prometheus 3 (see the Prometheus 3 migration guide: UTF-8 names, le/quantile label values, removed feature flags); chart 68 drops some high-cardinality histogram buckets and cAdvisor series by default (kubelet.serviceMonitor.*MetricRelabelings, kubeApiServer.serviceMonitor.metricRelabelings).',
    },
  ],
  example: { chart: 'kube-prometheus-stack', values: 'prometheus:\n  prometheusSpec:\n    image:\n      tag: v2.54.1\n    podAntiAffinity: ""\n' },
});
