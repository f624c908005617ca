import { defineMigration } from '../../src/core/define.js';
import { secretRefOrConfig, splitImageRegistry } from './transforms.js';

const reshaped = 'chart 52 takes an existing Secret (existingSecret) or the configuration itself (secret); the old shape renders nothing';

/**
 * Charts 45 to 52. The Thanos configurations take a Secret reference or the configuration
 * (52.0.0); the ruler's configuration-file path went (52.0.0, PR #3918). The CRDs moved into a
 * `crds` subchart (48) and new switches keep old behaviour by default: nothing to move.
 */
export default defineMigration({
  from: '44',
  to: '52',
  summary: 'Thanos objectStorageConfig, queryConfig and alertmanagersConfig → {existingSecret} or {secret}; thanosRulerSpec.objectStorageConfigFile gone; kube-state-metrics and node-exporter images: registry out of repository, node-exporter image.sha → image.digest',
  charts: [
    {
      chart: 'kube-prometheus-stack',
      operations: [
        { op: 'reshape', since: '52.0.0', from: 'prometheus.prometheusSpec.thanos.objectStorageConfig', to: 'prometheus.prometheusSpec.thanos.objectStorageConfig', transform: secretRefOrConfig, why: reshaped },
        { op: 'reshape', since: '52.0.0', from: 'thanosRuler.thanosRulerSpec.objectStorageConfig', to: 'thanosRuler.thanosRulerSpec.objectStorageConfig', transform: secretRefOrConfig, why: reshaped },
        { op: 'reshape', since: '52.0.0', from: 'thanosRuler.thanosRulerSpec.queryConfig', to: 'thanosRuler.thanosRulerSpec.queryConfig', transform: secretRefOrConfig, why: reshaped },
        { op: 'reshape', since: '52.0.0', from: 'thanosRuler.thanosRulerSpec.alertmanagersConfig', to: 'thanosRuler.thanosRulerSpec.alertmanagersConfig', transform: secretRefOrConfig, why: reshaped },
        {
          op: 'remove',
          since: '52.0.0',
          path: 'thanosRuler.thanosRulerSpec.objectStorageConfigFile',
          severity: 'warning',
          why: 'charts 52 to 87.6 render no objectStorageConfigFile (PR #3918): put the configuration in a Secret and set thanosRuler.thanosRulerSpec.objectStorageConfig.existingSecret: {name, key}, or the configuration itself under objectStorageConfig.secret',
        },
        // The subcharts split their registries too (kube-state-metrics 5, prometheus-node-exporter
        // 4.2x) in a kube-prometheus-stack release between 45 and 52 that the notes do not name:
        // 45.0.0 is the earliest it can be. A file of a later 4x chart that has the new shape
        // already (a registry key) is left as it is.
        splitImageRegistry('kube-state-metrics.image', '45.0.0', 'kube-state-metrics 5 (kube-prometheus-stack 45–52)'),
        splitImageRegistry('prometheus-node-exporter.image', '45.0.0', 'prometheus-node-exporter 4.2x (kube-prometheus-stack 45–52)'),
        { op: 'move', since: '45.0.0', from: 'prometheus-node-exporter.image.sha', to: 'prometheus-node-exporter.image.digest', why: 'the node exporter chart refuses image.sha ("use image.digest instead")' },
      ],
    },
  ],
  followUps: [
    {
      chart: 'kube-prometheus-stack',
      text: 'Helm never upgrades the Prometheus Operator CRDs (from chart 48 they sit in the crds subchart\'s crds/ folder): before each upgrade apply the new chart\'s CRDs with kubectl apply --server-side (six are too large for a client-side apply); helm-migrate plan does not apply this pack\'s CRDs yet.',
    },
  ],
  example: {
    chart: 'kube-prometheus-stack',
    values: 'prometheus:\n  prometheusSpec:\n    thanos:\n      objectStorageConfig:\n        name: thanos-objstore\n        key: objstore.yml\n',
  },
});
