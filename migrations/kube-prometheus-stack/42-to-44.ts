import { defineMigration } from '../../src/core/define.js';
import type { NotedEffect } from '../../src/core/types.js';

const webhooks = 'prometheusOperator.admissionWebhooks';
const policyFields: NotedEffect[] = [
  { object: 'MutatingWebhookConfiguration/*', field: 'failurePolicy' },
  { object: 'ValidatingWebhookConfiguration/*', field: 'failurePolicy' },
  { object: 'Job/*', field: 'patch-failure-policy' },
];

/**
 * The admission webhooks' failure policy, as it is at run time. With the certificate patch job on
 * (the default), chart 42 renders the webhooks `Ignore` and the job patches them to
 * `admissionWebhooks.failurePolicy`, whose default is Fail: live, they fail closed. Chart 44
 * renders the value when it is set and otherwise leaves them Ignore (the job gets an empty
 * policy). The upstream notes advise dropping a copied `Fail`; that would turn the webhooks
 * fail-open, as would leaving an unset value unset. So the policy the webhooks had is written.
 * (The operator and config-reloader tags, now empty to follow the chart's appVersion, are version
 * pins: a copied old tag is dropped by the pack's versionPins.)
 */
export default defineMigration({
  from: '42',
  to: '44',
  summary: 'admissionWebhooks.failurePolicy: the policy the patch job gave the webhooks (Fail by default) is written, since chart 44 no longer sets it unless told; image tags follow appVersion',
  charts: [
    {
      chart: 'kube-prometheus-stack',
      operations: [
        {
          op: 'hook',
          name: 'webhook-failure-policy',
          since: '44.0.0',
          why: 'chart 42\'s certificate job patched the webhooks to failurePolicy (default Fail); chart 44 renders it only when set',
          run(ctx) {
            if (ctx.get(`${webhooks}.patch.enabled`) === false) return;
            const policy = ctx.get(`${webhooks}.failurePolicy`);
            if (policy === undefined || policy === null || policy === '') {
              ctx.set(`${webhooks}.failurePolicy`, 'Fail');
              ctx.note(
                'the admission webhooks keep failing closed: chart 42\'s certificate job patched them to failurePolicy Fail (its default), and chart 44 leaves them Ignore unless the value is set, so failurePolicy: Fail is written. Remove it to let PrometheusRules and Alertmanager configurations through unchecked while the operator is down',
                'warning',
                policyFields,
              );
            } else {
              ctx.note(`the admission webhooks keep failurePolicy ${String(policy)}: chart 44 renders it on the webhooks themselves, where chart 42 had its certificate job patch it in`, 'info', policyFields);
            }
          },
        },
      ],
    },
  ],
  example: { chart: 'kube-prometheus-stack', values: 'prometheusOperator:\n  admissionWebhooks:\n    failurePolicy: Fail\n' },
});
