import type { Finding } from './index.js';

/** What the render oracle finds on the Traefik pack and the pack does not fix; `why` as in linkerd.ts. */
export const traefik: Finding[] = [
  { step: '20', chart: 'traefik', scope: 'leaves', leaves: 'broken:image.tag', why: 'oracle: the perturbation is no version; chart 23 compares the tag as a semantic version' },
  { step: '20', chart: 'traefik', scope: 'leaves', leaves: 'broken:tlsOptions', why: 'oracle: the perturbation gives a TLS option a string where chart 23 reads a map of settings' },
  { step: '20', chart: 'traefik', scope: 'leaves', leaves: 'broken:podSecurityPolicy.enabled', why: 'upstream: chart 23 refuses PodSecurityPolicy on Kubernetes 1.25+ (where it no longer exists); the migration warns' },
  { step: '26', chart: 'traefik', scope: 'leaves', leaves: 'providers.kubernetesIngress.enabled', why: 'upstream: chart 27 grants the ClusterRole the traefik.io rules whatever the Ingress provider' },
  { step: '27', chart: 'traefik', scope: 'leaves', leaves: 'providers.kubernetesIngress.enabled', why: 'upstream: Traefik v3 (chart 28) no longer serves the traefik.containo.us group, so the ClusterRole no longer grants it' },
  { step: '27', chart: 'traefik', scope: 'leaves', leaves: 'providers.file.enabled', why: 'oracle: with no content, 27 writes an empty config.yml and 28 none; either way the file provider has no configuration' },
  { step: '27', chart: 'traefik', scope: 'leaves', leaves: 'ports.websecure.http3.enabled', why: 'upstream: HTTP/3 is no longer experimental in Traefik v3; chart 28 enables it on the entry point without --experimental.http3' },
  { step: '28', chart: 'traefik', scope: 'leaves', leaves: 'experimental.kubernetesGateway.enabled', why: 'upstream: Traefik v3.1 (chart 30) has the Gateway API provider out of experimental; the switch moved to providers.kubernetesGateway.enabled and the experimental flag is no longer needed' },
  { step: '28', chart: 'traefik', scope: 'leaves', leaves: 'providers.kubernetesCRD.enabled', why: 'upstream: chart 30 grants the ClusterRole the Traefik CRD rules whatever the CRD provider' },
  { step: '28', chart: 'traefik', scope: 'leaves', leaves: 'providers.kubernetesIngress.enabled', why: 'upstream: chart 30 grants the ClusterRole the traefik.io rules whatever the Ingress provider' },
  { step: '28', chart: 'traefik', scope: 'leaves', leaves: 'providers.kubernetesIngress.disableIngressClassLookup', why: 'upstream: chart 30.1 dropped the value (Traefik v3.1.2 replaced the option with disableClusterScopeResources); dropped and reported with what to decide' },
  { step: '28', chart: 'traefik', scope: 'leaves', leaves: 'broken:logs.general.format', why: 'oracle: the perturbation is not a log format; chart 30 checks the value (common or json) where 28 passed any text' },
  { step: '28', chart: 'traefik', scope: 'leaves', leaves: 'broken:logs.general.level', why: 'oracle: the perturbation is not a log level; chart 30 checks the value where 28 passed any text' },
  { step: '30', chart: 'traefik', scope: 'leaves', leaves: 'updateStrategy.rollingUpdate.maxSurge', why: 'oracle: perturbed with updateStrategy.type, whose marker is no strategy; chart 32 writes rollingUpdate only for type RollingUpdate (maxSurge alone renders as before, checked by hand)' },
  { step: '30', chart: 'traefik', scope: 'leaves', leaves: 'updateStrategy.rollingUpdate.maxUnavailable', why: 'oracle: as maxSurge' },
  { step: '30', chart: 'traefik', scope: 'leaves', leaves: 'broken:env', why: 'oracle: the perturbation appends a string to env; chart 32\'s schema wants each variable a map' },
  { step: '30', chart: 'traefik', scope: 'leaves', leaves: 'broken:ports.web.transport.keepAliveMaxRequests', why: 'oracle: a null default perturbed with text (the next chart does not type it either); chart 32\'s schema wants an integer' },
  { step: '30', chart: 'traefik', scope: 'leaves', leaves: 'broken:ports.websecure.transport.keepAliveMaxRequests', why: 'oracle: as ports.web.transport.keepAliveMaxRequests' },
  { step: '32', chart: 'traefik', scope: 'leaves', leaves: 'providers.kubernetesIngress.enabled', why: 'upstream: chart 33 keeps the ClusterRole rule on the extensions API group whatever the Ingress provider' },
  { step: '32', chart: 'traefik', scope: 'leaves', leaves: 'ports.websecure.allowACMEByPass', why: 'upstream: chart 32 wrote the flag for an entry point literally named "name" (--entryPoints.name.allowACMEByPass), a bug chart 33 fixed by writing it for the port itself' },
  { step: '33', chart: 'traefik', scope: 'leaves', leaves: 'namespaceOverride', why: 'oracle: chart 34 names the ClusterRoleBinding after namespaceOverride (traefik-<namespace>); its subject still points at that namespace. The selector change namespaceOverride causes is reported by the migration' },
  { step: '33', chart: 'traefik', scope: 'leaves', leaves: 'broken:hub.token', why: 'upstream: chart 34 needs image.tag with hub.token (the Traefik Hub version cannot be guessed); the migration says so' },
  { step: '34', chart: 'traefik', scope: 'leaves', leaves: 'deployment.additionalContainers', why: 'oracle: the perturbation adds a string to the container list, so containers are keyed by position; what shows is chart 34\'s default --global.sendanonymoususage, which 36 turns off by default (the default list is dropped and reported)' },
  { step: '36', chart: 'traefik', scope: 'leaves', leaves: 'providers.kubernetesIngress.enabled', why: 'upstream: chart 39 keeps the ClusterRole rule on the extensions API group whatever the Ingress provider' },
  { step: '39', chart: 'traefik', scope: 'leaves', leaves: 'providers.kubernetesCRD.enabled', why: 'upstream: chart 40 grants the ClusterRole access to ConfigMaps whatever the CRD provider (other providers read them too)' },
  { step: '40', chart: 'traefik', scope: 'leaves', leaves: 'hub.apimanagement.enabled', why: 'upstream: 41 renders the API portal Service only with hub.token: API management runs only in the Traefik Hub distribution, which needs the token; without one the Service fronted nothing' },
  // The other direction (see verify/added.ts).
  { step: '30', chart: 'traefik', scope: 'leaves', leaves: 'added:providers.file.enabled', why: 'oracle: with no content, 32 mounts an empty config.yml and 30 none; either way the file provider has no configuration' },
  { step: '36', chart: 'traefik', scope: 'leaves', leaves: 'added:env', why: 'oracle: a string in env, so chart 39\'s USER variable lands by position' },
];
