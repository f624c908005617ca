import { defineMigration } from '../../src/core/define.js';
import { isEmptyMap, isPlainMap } from '../../src/core/plain.js';

const pdb = 'prometheusOperator.admissionWebhooks.deployment.podDisruptionBudget';

/**
 * Chart 72 renders the admission webhook's PodDisruptionBudget only with `enabled: true` (a
 * non-empty map was enough before); 69.7.3 renamed the CRD upgrade job's pod security context.
 */
export default defineMigration({
  from: '68',
  to: '72',
  summary: 'admission-webhook podDisruptionBudget needs enabled: true; crds.upgradeJob.securityContext → podSecurityContext',
  charts: [
    {
      chart: 'kube-prometheus-stack',
      operations: [
        { op: 'move', since: '69.7.3', from: 'crds.upgradeJob.securityContext', to: 'crds.upgradeJob.podSecurityContext', why: 'renamed in 69.7.3 (PR #5403); the job reads only podSecurityContext' },
        {
          op: 'hook',
          name: 'webhook-pdb-enabled',
          since: '72.0.0',
          why: 'chart 72 renders the webhook\'s PodDisruptionBudget only when enabled; before, any setting in the map rendered it',
          run(ctx) {
            const value = ctx.get(pdb);
            if (!isPlainMap(value) || isEmptyMap(value) || 'enabled' in value) return;
            ctx.set(`${pdb}.enabled`, true);
          },
        },
      ],
    },
  ],
  example: {
    chart: 'kube-prometheus-stack',
    values: 'prometheusOperator:\n  admissionWebhooks:\n    deployment:\n      enabled: true\n      podDisruptionBudget:\n        minAvailable: 1\n',
  },
});
