import { defineMigration } from '../../src/core/define.js';
import { splitImageRegistry } from './transforms.js';

/**
 * Chart 42 made the registry of every image of its own overridable (per image, and for all at
 * once with global.imageRegistry): the registry left `repository` for a key of its own.
 */
const images = [
  'alertmanager.alertmanagerSpec.image',
  'prometheus.prometheusSpec.image',
  'prometheusOperator.image',
  'prometheusOperator.prometheusConfigReloader.image',
  'prometheusOperator.thanosImage',
  'thanosRuler.thanosRulerSpec.image',
  'prometheusOperator.admissionWebhooks.patch.image',
];

export default defineMigration({
  from: '41',
  to: '42',
  summary: 'each image\'s registry host moves out of repository into registry',
  charts: [{ chart: 'kube-prometheus-stack', operations: images.map((i) => splitImageRegistry(i, '42.0.0', '42')) }],
  example: {
    chart: 'kube-prometheus-stack',
    values: 'prometheus:\n  prometheusSpec:\n    image:\n      repository: registry.example.com/mirror/prometheus\n      tag: v2.39.1\n',
  },
});
