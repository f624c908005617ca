import type { ChartFamily, Release } from '../../src/core/types.js';

/**
 * The kube-prometheus-stack chart releases this pack migrates between, oldest first: 40 (the
 * oldest major still met in clusters), the last release of every major whose upgrade notes change
 * the values, and the newest. The chart's version is the release; a major between two stored
 * charts (43, 45–51, 55–63, …) starts inside the step that spans it, which skips the operations
 * it already has (each says the chart version that made it).
 */
export const releases: Release[] = [
  { id: '40', version: '40.5.0', tag: 'kube-prometheus-stack-40.5.0', dir: '40.5.0' },
  { id: '41', version: '41.9.1', tag: 'kube-prometheus-stack-41.9.1', dir: '41.9.1' },
  { id: '42', version: '42.3.0', tag: 'kube-prometheus-stack-42.3.0', dir: '42.3.0' },
  { id: '44', version: '44.4.1', tag: 'kube-prometheus-stack-44.4.1', dir: '44.4.1' },
  { id: '52', version: '52.1.0', tag: 'kube-prometheus-stack-52.1.0', dir: '52.1.0' },
  { id: '54', version: '54.2.2', tag: 'kube-prometheus-stack-54.2.2', dir: '54.2.2' },
  { id: '64', version: '64.0.0', tag: 'kube-prometheus-stack-64.0.0', dir: '64.0.0' },
  { id: '68', version: '68.5.0', tag: 'kube-prometheus-stack-68.5.0', dir: '68.5.0' },
  { id: '72', version: '72.9.1', tag: 'kube-prometheus-stack-72.9.1', dir: '72.9.1' },
  { id: '73', version: '73.2.3', tag: 'kube-prometheus-stack-73.2.3', dir: '73.2.3' },
  { id: '79', version: '79.12.0', tag: 'kube-prometheus-stack-79.12.0', dir: '79.12.0' },
  { id: '85', version: '85.4.0', tag: 'kube-prometheus-stack-85.4.0', dir: '85.4.0' },
  { id: '88', version: '88.5.3', tag: 'kube-prometheus-stack-88.5.3', dir: '88.5.3' },
];

const ids = releases.map((r) => r.id);

export const chartFamilies: ChartFamily[] = [
  {
    name: 'kube-prometheus-stack',
    releases: ids,
    role: 'Prometheus Operator, Prometheus, Alertmanager and their rules, with Grafana, kube-state-metrics and the node exporters as subcharts (values under their chart names)',
    // Majors start at .0.0: `--from 47.2.0` falls between 44 and 52.
    chartVersions: Object.fromEntries(ids.map((id) => [id, `>=${id}.0.0 <${Number(id) + 1}.0.0`])),
  },
];
