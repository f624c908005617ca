import { definePack } from '../../src/core/define.js';
import { snapshotFiles } from '../../src/io/pack-data.js';
import m2_8 from './2.8-to-2.9.js';
import m2_9 from './2.9-to-2.10.js';
import m2_10 from './2.10-to-2.11.js';
import m2_11 from './2.11-to-2.12.js';
import m2_12 from './2.12-to-2.13.js';
import m2_13 from './2.13-to-2.14.js';
import m2_14 from './2.14-to-edge-26.8.3.js';
import p2_11_0 from './2.11.0-to-2.11.js';
import { chartFamilies, releases } from './releases.js';
import { cluster } from './cluster.js';
import { required } from './required.js';
import { objectRenames } from './renames.js';
import { versionPins } from './version-pins.js';

export default definePack({
  name: 'linkerd',
  title: 'Linkerd',
  releases,
  charts: chartFamilies,
  repositories: [
    { name: 'l5d-smi', url: 'https://linkerd.github.io/linkerd-smi', charts: ['linkerd-smi'] },
    { name: 'linkerd-edge', url: 'https://helm.linkerd.io/edge', releases: /^edge-/ },
    { name: 'linkerd', url: 'https://helm.linkerd.io/stable' },
  ],
  cluster,
  // The chain, in order; the consistency test checks it matches the releases and the files.
  migrations: [m2_8, m2_9, m2_10, m2_11, m2_12, m2_13, m2_14],
  patchMigrations: [p2_11_0],
  required,
  objectRenames,
  versionPins,
  admissionInjected: {
    containers: ['linkerd-proxy', 'linkerd-init'],
    annotation: 'linkerd.io/inject',
    value: 'enabled',
    why: 'from 2.10 the extensions are meshed by the proxy injector, which configures their proxies from the control plane values',
  },
  valuesDumps: [
    {
      object: 'ConfigMap/linkerd-config',
      why: 'holds the install values for the CLI and the proxy injector; what the injector takes from it shows on the injected pods',
    },
  ],
  renderPins: [
    {
      charts: ['linkerd2', 'linkerd-control-plane'],
      path: 'heartbeatSchedule',
      value: '0 0 * * *',
      why: 'from 2.10 the chart derives the heartbeat schedule from the time of rendering',
    },
  ],
  // Generated from the real charts by `npm run snapshot-defaults`, read from defaults/ as needed.
  snapshot: snapshotFiles('linkerd', releases.map((r) => r.id)),
});
