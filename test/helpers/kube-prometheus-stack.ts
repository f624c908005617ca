/** Rendering the real kube-prometheus-stack charts of the pack's releases, for the migration tests. */
import kubePrometheusStack from '../../migrations/kube-prometheus-stack/index.js';
import { renderChart, type RenderResult } from './render.js';
import { present } from './prereq.js';
import { chartPath } from './shared.js';

export { kubePrometheusStack };
export const chart = 'kube-prometheus-stack';

/** The chart of a release is in ../shared (under CI its absence fails the run). */
export const hasKpsChart = (release: string): boolean => present(chartPath(kubePrometheusStack, release, chart), `the kube-prometheus-stack chart of release ${release}`);

/** `helm template kps <chart of release> -n monitoring -f values`, with the Prometheus Operator API served. */
export function renderKps(release: string, values: string): RenderResult {
  return renderChart(chartPath(kubePrometheusStack, release, chart), values, { release: 'kps', namespace: 'monitoring', apiVersions: kubePrometheusStack.renderApiVersions });
}
