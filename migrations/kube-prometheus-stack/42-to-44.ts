import { defineMigration } from '../../src/core/define.js';

const webhooks = 'prometheusOperator.admissionWebhooks';

/**
 * Chart 44 honours `admissionWebhooks.failurePolicy` whenever it is set. Before, with the
 * certificate patch job on (the default), the webhooks were always `Ignore` whatever the value
 * said: a copied `Fail` would now turn them fail-closed, so the value goes where it was ignored.
 * (The operator and config-reloader tags, now empty to follow the chart's appVersion, are
 * version pins: a copied old tag is dropped by the pack's versionPins.)
 */
export default defineMigration({
  from: '42',
  to: '44',
  summary: 'admissionWebhooks.failurePolicy is honoured with patch.enabled (it was ignored: Ignore was rendered); image tags follow appVersion',
  charts: [
    {
      chart: 'kube-prometheus-stack',
      operations: [
        {
          op: 'hook',
          name: 'ignored-failure-policy',
          since: '44.0.0',
          why: 'charts before 44 rendered failurePolicy: Ignore while admissionWebhooks.patch.enabled, whatever the value said',
          run(ctx) {
            const policy = ctx.get(`${webhooks}.failurePolicy`);
            if (policy === undefined || ctx.get(`${webhooks}.patch.enabled`) === false) return;
            ctx.remove(
              `${webhooks}.failurePolicy`,
              `with patch.enabled the chart ignored it and the webhooks were Ignore; from chart 44 it takes effect${policy === 'Ignore' ? '' : ` and ${String(policy)} would make them ${policy === 'Fail' ? 'fail closed' : 'change'}`}: left out, so nothing changes. Set it again to choose the policy`,
            );
          },
        },
      ],
    },
  ],
  example: { chart: 'kube-prometheus-stack', values: 'prometheusOperator:\n  admissionWebhooks:\n    failurePolicy: Fail\n' },
});
