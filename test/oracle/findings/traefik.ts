import type { Finding } from './index.js';

/** What the render oracle finds on the Traefik pack and the pack does not fix; `why` as in linkerd.ts. */
export const traefik: Finding[] = [
  { step: '34', chart: 'traefik', scope: 'leaves', leaves: 'deployment.additionalContainers', why: 'oracle: chart 36 writes the flag as --global.checkNewVersion where chart 34 wrote --global.checknewversion; Traefik reads flags case-insensitively (the test on the real charts compares them so)' },
  { step: '36', chart: 'traefik', scope: 'leaves', leaves: 'deployment.additionalContainers', why: 'oracle: chart 39 writes --global.checkNewVersion only to turn it off (=false); on, it leaves Traefik\'s own default (true), so the flag chart 36 wrote is in force without being written' },
  { step: '36', chart: 'traefik', scope: 'leaves', leaves: 'providers.kubernetesIngress.enabled', why: 'upstream: chart 39 keeps the ClusterRole rule on the extensions API group whatever the Ingress provider' },
  { step: '39', chart: 'traefik', scope: 'leaves', leaves: 'providers.kubernetesCRD.enabled', why: 'upstream: chart 40 grants the ClusterRole access to ConfigMaps whatever the CRD provider (other providers read them too)' },
  { step: '39', chart: 'traefik', scope: 'leaves', leaves: 'providers.kubernetesIngressNginx.enabled', why: 'oracle: chart 40 spells the provider flags in camelCase (--providers.kubernetesingressnginx.controllerClass); Traefik reads flags case-insensitively, and the test on the real charts compares them so' },
  { step: '40', chart: 'traefik', scope: 'leaves', leaves: 'hub.apimanagement.enabled', why: 'upstream: 41 renders the API portal Service only with hub.token: API management runs only in the Traefik Hub distribution, which needs the token; without one the Service fronted nothing' },
];
