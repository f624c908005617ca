import { defineMigration } from '../../src/core/define.js';

/**
 * Charts 80 to 85 changed defaults only: distroless Prometheus and node-exporter images (85),
 * the webhook certificate image from ghcr.io, Grafana 13 (84). A copied old tag is the old
 * chart's own pin and is dropped; a mirror must carry the new images and `-distroless` tags.
 */
export default defineMigration({
  from: '79',
  to: '85',
  summary: 'no value moves; distroless images and a new webhook certificate image by default',
  charts: [{ chart: 'kube-prometheus-stack', operations: [] }],
  followUps: [
    {
      chart: 'kube-prometheus-stack',
      text: 'Chart 85 runs distroless Prometheus and node-exporter images (-distroless tags) and the admission webhook\'s certificate job from ghcr.io/jkroepke/kube-webhook-certgen: mirror them first if the cluster pulls through a mirror. Chart 84 runs Grafana 13.',
    },
  ],
  example: { chart: 'kube-prometheus-stack', values: 'prometheus:\n  prometheusSpec:\n    retention: 30d\n' },
});
