import { defineMigration } from '../../src/core/define.js';
import { isPlainMap } from '../../src/core/plain.js';

/** The selectors chart 63 deprecated the `…NilUsesHelmValues` switches of, and 64 restored. */
const selectors = [
  'prometheus.prometheusSpec.podMonitorSelector',
  'prometheus.prometheusSpec.probeSelector',
  'prometheus.prometheusSpec.ruleSelector',
  'prometheus.prometheusSpec.serviceMonitorSelector',
  'prometheus.prometheusSpec.scrapeConfigSelector',
  'thanosRuler.thanosRulerSpec.ruleSelector',
];

/**
 * Charts 55 to 64 changed no value of 54's, but 63 (six days, reverted by 64.0.0) replaced the
 * `<x>SelectorNilUsesHelmValues: false` switches with `<x>Selector.matchLabels: null` and made the
 * release label the selectors' default. A file written for 63 (`--from 63.x`) is turned back:
 * chart 64 passes matchLabels as written, so a null selects everything only through the switch,
 * and 63's default `release: "{{ $.Release.Name }}"` is a literal label there that nothing has.
 */
export default defineMigration({
  from: '54',
  to: '64',
  summary: 'grafana.serviceAccount.autoMount → grafana.automountServiceAccountToken (grafana chart 8); for files written for chart 63: <x>Selector.matchLabels: null → <x>SelectorNilUsesHelmValues: false (chart 64 reverted 63)',
  charts: [
    {
      chart: 'kube-prometheus-stack',
      operations: [
        {
          op: 'move',
          since: '60.0.0',
          from: 'grafana.serviceAccount.autoMount',
          to: 'grafana.automountServiceAccountToken',
          why: 'grafana chart 8 (kube-prometheus-stack 60) mounts the token into the pod by the top-level automountServiceAccountToken; serviceAccount.autoMount, deprecated, now sets the ServiceAccount\'s',
        },
        {
          op: 'hook',
          name: 'selector-nil-uses-helm-values',
          since: '64.0.0',
          why: 'chart 64 reverted chart 63\'s selectors: <x>SelectorNilUsesHelmValues chooses between all and the release\'s label again',
          // Only what chart 63 wrote is rewritten; a selector its matchLabels leave empty goes
          // with them (an emptied map does), while one the user left empty stays theirs.
          run(ctx) {
            for (const s of selectors) {
              const labels = ctx.get(`${s}.matchLabels`);
              if (labels === null) {
                ctx.remove(`${s}.matchLabels`, 'chart 63\'s way to select every object; chart 64 says it with the NilUsesHelmValues switch');
                ctx.set(`${s}NilUsesHelmValues`, false);
              } else if (isPlainMap(labels) && Object.keys(labels).length === 1 && labels.release === '{{ $.Release.Name }}') {
                ctx.remove(`${s}.matchLabels`, 'chart 63\'s default (the release\'s label), which chart 64 selects by default and would read as a literal label');
              }
            }
          },
        },
      ],
    },
  ],
  example: { chart: 'kube-prometheus-stack', values: 'prometheus:\n  prometheusSpec:\n    serviceMonitorSelectorNilUsesHelmValues: false\n' },
});
