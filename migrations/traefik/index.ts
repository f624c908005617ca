import { definePack } from '../../src/core/define.js';
import { snapshotFiles } from '../../src/io/pack-data.js';
import m20 from './20-to-23.js';
import m23 from './23-to-26.js';
import m26 from './26-to-27.js';
import m27 from './27-to-28.js';
import m28 from './28-to-30.js';
import m30 from './30-to-32.js';
import m32 from './32-to-33.js';
import m33 from './33-to-34.js';
import m34 from './34-to-36.js';
import m36 from './36-to-39.js';
import m39 from './39-to-40.js';
import m40 from './40-to-41.js';
import { chartFamilies, releases } from './releases.js';
import { cluster } from './cluster.js';
import { versionPins } from './version-pins.js';

export default definePack({
  name: 'traefik',
  title: 'Traefik',
  releases,
  charts: chartFamilies,
  repositories: [{ name: 'traefik', url: 'https://traefik.github.io/charts' }],
  cluster,
  // The chain, in order; the consistency test checks it matches the releases and the files.
  migrations: [m20, m23, m26, m27, m28, m30, m32, m33, m34, m36, m39, m40],
  versionPins,
  // What Traefik does without the flag (its static configuration's defaults), where some charts
  // render the flag only when it differs and others always: both read the same.
  applicationDefaults: [
    { flag: '--global.checkNewVersion=', value: 'true', why: 'Traefik checks for new versions unless told not to' },
    { flag: '--global.sendAnonymousUsage=', value: 'false', why: 'Traefik sends no usage data unless told to' },
    { flag: '--providers.kubernetesCRD.allowEmptyServices=', value: 'false', why: 'Traefik skips services without endpoints unless told not to' },
    { flag: '--providers.kubernetesIngress.allowEmptyServices=', value: 'false', why: 'Traefik skips services without endpoints unless told not to' },
    { flag: '--providers.kubernetesIngressNGINX.disableSvcExternalName=', value: 'false', why: 'Traefik serves ExternalName services to the ingress-nginx provider unless told not to' },
    { flag: '--providers.kubernetesIngressNGINX.ingressClassByName=', value: 'false', why: 'the provider selects IngressClasses by controller unless told to by name too' },
    { flag: '--providers.kubernetesIngressNGINX.watchIngressWithoutClass=', value: 'false', why: 'the provider ignores Ingresses without a class unless told not to' },
  ],
  // Charts 20 to 39 refuse a ServiceMonitor or PrometheusRule unless the Prometheus Operator API
  // is served; a user who enables one has it.
  renderApiVersions: ['monitoring.coreos.com/v1'],
  applicationAliases: [{ flag: '--accesslog.format=', values: ['CLF', 'common'], why: 'Traefik writes the Common Log Format for any format but json; chart 32 accepts only common and json' }],
  // Generated from the real charts by `npm run snapshot-defaults -- --pack traefik`, read from defaults/ as needed.
  snapshot: snapshotFiles('traefik', releases.map((r) => r.id)),
});
