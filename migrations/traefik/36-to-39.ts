import { defineMigration } from '../../src/core/define.js';
import { namespacePolicyToObject } from './transforms.js';

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
  summary: 'ports.<name>.{redirections,tls,middlewares} move under ports.<name>.http; Gateway listener namespacePolicy becomes {from: …}; kubernetesGateway.labelselector → labelSelector; rbac.secretResourceNames gone; the schema turns strict',
  charts: [
    {
      chart: 'traefik',
      operations: [
        { op: 'move', from: 'ports.*.redirections', to: 'ports.*.http.redirections', why: httpNesting },
        { op: 'move', from: 'ports.*.tls', to: 'ports.*.http.tls', why: httpNesting },
        { op: 'move', from: 'ports.*.middlewares', to: 'ports.*.http.middlewares', why: httpNesting },
        { op: 'reshape', from: 'gateway.listeners.*.namespacePolicy', to: 'gateway.listeners.*.namespacePolicy', transform: namespacePolicyToObject, why: 'chart 37 takes the whole allowedRoutes.namespaces object (from, selector)' },
        { op: 'move', from: 'providers.kubernetesGateway.labelselector', to: 'providers.kubernetesGateway.labelSelector', why: 'renamed in chart 38 as Traefik spells it' },
        { op: 'remove', path: 'rbac.secretResourceNames', why: 'gone in chart 39.0.3: the roles grant get/list/watch on every Secret again (as before chart 27)' },
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
