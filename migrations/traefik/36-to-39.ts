import { defineMigration } from '../../src/core/define.js';
import { namespacePolicyToObject, oneNamespace } from './transforms.js';

const httpNesting = 'chart 39 groups a port\'s HTTP options under http (its schema refuses them at the old place)';

/**
 * Charts 37, 38 and 39: HTTP options of each entry point move under `http`, a Gateway
 * listener's namespace policy becomes an object, one provider option is camelCased, and the
 * schema turns strict (38 for ports and providers, 39 at the top level), so nothing may stay
 * at an old place.
 */
export default defineMigration({
  from: '36',
  to: '39',
  summary: 'ports.<name>.{redirections,tls,middlewares} move under ports.<name>.http; Gateway listener namespacePolicy becomes {from: …}; kubernetesGateway.labelselector → labelSelector (and chart 37\'s knative and ingress-nginx settings are renamed); rbac.secretResourceNames gone; the schema turns strict',
  charts: [
    {
      chart: 'traefik',
      operations: [
        { op: 'move', since: '39.0.0', from: 'ports.*.redirections', to: 'ports.*.http.redirections', why: httpNesting },
        { op: 'move', since: '39.0.0', from: 'ports.*.tls', to: 'ports.*.http.tls', why: httpNesting },
        { op: 'move', since: '39.0.0', from: 'ports.*.middlewares', to: 'ports.*.http.middlewares', why: httpNesting },
        { op: 'reshape', since: '37.0.0', from: 'gateway.listeners.*.namespacePolicy', to: 'gateway.listeners.*.namespacePolicy', transform: namespacePolicyToObject, why: 'chart 37 takes the whole allowedRoutes.namespaces object (from, selector)' },
        { op: 'move', since: '38.0.0', from: 'providers.kubernetesGateway.labelselector', to: 'providers.kubernetesGateway.labelSelector', why: 'renamed in chart 38 as Traefik spells it' },
        // Keys chart 37 introduced and 38 renamed: only a --from 37.x file has them.
        { op: 'move', since: '38.0.0', from: 'providers.knative.labelselector', to: 'providers.knative.labelSelector', why: 'renamed in chart 38 as Traefik spells it' },
        { op: 'reshape', since: '38.0.0', from: 'providers.kubernetesIngressNginx.namespaces', to: 'providers.kubernetesIngressNginx.watchNamespace', transform: oneNamespace, why: 'chart 38 follows the ingress-nginx setting: one namespace to watch' },
        { op: 'move', since: '38.0.0', from: 'providers.kubernetesIngressNginx.namespaceSelector', to: 'providers.kubernetesIngressNginx.watchNamespaceSelector', why: 'renamed in chart 38 after the ingress-nginx setting' },
        { op: 'remove', since: '39.0.3', path: 'rbac.secretResourceNames', why: 'gone in chart 39.0.3: the roles grant get/list/watch on every Secret again (as before chart 27)' },
        // Values earlier charts ignored that a later one reads: carried, they would switch on
        // what the user never had. Kept out, so nothing changes; the report says how to turn them on.
        ...(['insecure', 'debug'] as const).map((k) => ({
          op: 'remove' as const,
          // traefik-helm-chart#1611, fixed by #1646 in a 39.0.x release (39.0.0 still ignores it, 39.0.9 reads it).
          since: '39.0.1',
          path: `api.${k}`,
          only: { equals: true },
          severity: 'warning' as const,
          why: `charts up to 39.0.0 ignored it (no --api.${k} was rendered); from 39.0.x it takes effect and would turn on the ${k === 'insecure' ? 'insecure (plain HTTP) API and dashboard' : 'debug endpoints'}: left out, so nothing changes. Set api.${k}: true again to turn it on`,
          dormant: `the ${k === 'insecure' ? 'insecure API and dashboard' : 'debug endpoints'}`,
        })),
        {
          op: 'remove',
          // traefik-helm-chart#1449: chart 36 renders the flag only to turn the check on, and
          // Traefik checks by default; #1493 (chart 37) renders =false. 36.3.0 and 39.0.9 rendered.
          since: '37.0.0',
          path: 'global.checkNewVersion',
          only: { equals: false },
          severity: 'warning',
          dormant: 'the version check turned off',
          why: 'chart 36 ignored false (it renders no flag, and Traefik checks for new versions by default, so yours still did); from chart 37 it takes effect and would turn the check off: left out, so nothing changes. Set global.checkNewVersion: false again to turn it off, as the value meant',
        },
        {
          op: 'remove',
          since: '39.0.0',
          path: 'providers.kubernetesIngress.ingressEndpoint',
          severity: 'warning',
          dormant: 'the addresses published as every Ingress status',
          why: 'charts before 40 ignored it (and 39\'s schema refuses it); from 40 it takes effect and publishes these addresses as every Ingress status: left out, so nothing changes. Set it again on chart 40 or later to publish them',
        },
      ],
    },
  ],
  followUps: [
    {
      chart: 'traefik',
      text: 'Traefik v3.6.4+ rejects some encoded characters in request paths and sanitizes paths (ports.<name>.http.encodedCharacters, ports.<name>.http.sanitizePath restore the old behaviour); with v3.6.7+ encoded characters are allowed again by default.',
    },
  ],
  example: {
    chart: 'traefik',
    values: 'ports:\n  websecure:\n    tls:\n      certResolver: letsencrypt\n    middlewares:\n      - traefik-headers@kubernetescrd\n',
  },
});
