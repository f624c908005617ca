import { defineMigration } from '../../src/core/define.js';
import { splitSwitch } from './transforms.js';

/** Chart 41 split the kube-scheduler rule group: one switch each for its alerts and its recording rules. */
export default defineMigration({
  from: '40',
  to: '41',
  summary: 'defaultRules.rules.kubeScheduler → kubeSchedulerAlerting and kubeSchedulerRecording',
  charts: [
    {
      chart: 'kube-prometheus-stack',
      operations: [
        splitSwitch(
          'defaultRules.rules.kubeScheduler',
          ['defaultRules.rules.kubeSchedulerAlerting', 'defaultRules.rules.kubeSchedulerRecording'],
          '41.0.0',
          'chart 41 reads two switches instead (no template reads the old one): a rule group switched off would come back',
        ),
      ],
    },
  ],
  example: { chart: 'kube-prometheus-stack', values: 'defaultRules:\n  rules:\n    # noisy on managed control planes\n    kubeScheduler: false\n' },
});
