import type { Finding } from './index.js';

/** What the render oracle finds on the Traefik pack and the pack does not fix; `why` as in linkerd.ts. */
export const traefik: Finding[] = [
  { step: '32', chart: 'traefik', scope: 'leaves', leaves: 'providers.kubernetesIngress.enabled', why: 'upstream: chart 33 keeps the ClusterRole rule on the extensions API group whatever the Ingress provider' },
  { step: '32', chart: 'traefik', scope: 'leaves', leaves: 'ports.websecure.allowACMEByPass', why: 'upstream: chart 32 wrote the flag for an entry point literally named "name" (--entryPoints.name.allowACMEByPass), a bug chart 33 fixed by writing it for the port itself' },
  { step: '33', chart: 'traefik', scope: 'leaves', leaves: 'instanceLabelOverride', why: 'oracle: perturbed with namespaceOverride, which chart 34 puts into the cluster-wide RBAC objects\' names (traefik-<namespace>); the label is there under the new name (checked by hand: instanceLabelOverride alone renders as before)' },
  { step: '33', chart: 'traefik', scope: 'leaves', leaves: 'namespaceOverride', why: 'oracle: chart 34 names the ClusterRoleBinding after namespaceOverride (traefik-<namespace>); its subject still points at that namespace. The selector change namespaceOverride causes is reported by the migration' },
  { step: '33', chart: 'traefik', scope: 'leaves', leaves: 'broken:hub.token', why: 'upstream: chart 34 needs image.tag with hub.token (the Traefik Hub version cannot be guessed); the migration says so' },
  { step: '34', chart: 'traefik', scope: 'leaves', leaves: 'deployment.additionalContainers', why: 'oracle: chart 36 writes the flag as --global.checkNewVersion where chart 34 wrote --global.checknewversion; Traefik reads flags case-insensitively (the test on the real charts compares them so)' },
  { step: '36', chart: 'traefik', scope: 'leaves', leaves: 'deployment.additionalContainers', why: 'oracle: chart 39 writes --global.checkNewVersion only to turn it off (=false); on, it leaves Traefik\'s own default (true), so the flag chart 36 wrote is in force without being written' },
  { step: '36', chart: 'traefik', scope: 'leaves', leaves: 'providers.kubernetesIngress.enabled', why: 'upstream: chart 39 keeps the ClusterRole rule on the extensions API group whatever the Ingress provider' },
  { step: '39', chart: 'traefik', scope: 'leaves', leaves: 'providers.kubernetesCRD.enabled', why: 'upstream: chart 40 grants the ClusterRole access to ConfigMaps whatever the CRD provider (other providers read them too)' },
  { step: '39', chart: 'traefik', scope: 'leaves', leaves: 'providers.kubernetesIngressNginx.enabled', why: 'oracle: chart 40 spells the provider flags in camelCase (--providers.kubernetesingressnginx.controllerClass); Traefik reads flags case-insensitively, and the test on the real charts compares them so' },
  { step: '40', chart: 'traefik', scope: 'leaves', leaves: 'hub.apimanagement.enabled', why: 'upstream: 41 renders the API portal Service only with hub.token: API management runs only in the Traefik Hub distribution, which needs the token; without one the Service fronted nothing' },
];
