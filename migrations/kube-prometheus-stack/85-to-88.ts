import { defineMigration } from '../../src/core/define.js';

/** Charts 86 to 88 moved no value: operator releases, and the CRD upgrade job forces conflicts (88). */
export default defineMigration({
  from: '85',
  to: '88',
  summary: 'no value moves; the CRD upgrade job (crds.upgradeJob) takes field ownership by default',
  charts: [{ chart: 'kube-prometheus-stack', operations: [] }],
  example: { chart: 'kube-prometheus-stack', values: 'alertmanager:\n  alertmanagerSpec:\n    replicas: 2\n' },
});
