import { definePack } from '../../src/core/define.js';
import { snapshotFiles } from '../../src/io/pack-data.js';
import m40 from './40-to-41.js';
import m41 from './41-to-42.js';
import m42 from './42-to-44.js';
import m44 from './44-to-52.js';
import m52 from './52-to-54.js';
import m54 from './54-to-64.js';
import m64 from './64-to-68.js';
import m68 from './68-to-72.js';
import m72 from './72-to-73.js';
import m73 from './73-to-79.js';
import m79 from './79-to-85.js';
import m85 from './85-to-88.js';
import { chartFamilies, releases } from './releases.js';
import { versionPins } from './version-pins.js';

export default definePack({
  name: 'kube-prometheus-stack',
  title: 'kube-prometheus-stack',
  releases,
  charts: chartFamilies,
  repositories: [{ name: 'prometheus-community', url: 'https://prometheus-community.github.io/helm-charts' }],
  // The chain, in order; the consistency test checks it matches the releases and the files.
  migrations: [m40, m41, m42, m44, m52, m54, m64, m68, m72, m73, m79, m85],
  versionPins,
  // The ServiceMonitors and PrometheusRules are the chart's point: they render only where the
  // Prometheus Operator API is served, which it always is beside this chart.
  renderApiVersions: ['monitoring.coreos.com/v1'],
  // Generated from the real charts by `npm run snapshot-defaults -- --pack kube-prometheus-stack`.
  snapshot: snapshotFiles('kube-prometheus-stack', releases.map((r) => r.id)),
});
