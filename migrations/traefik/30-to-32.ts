import { defineMigration } from '../../src/core/define.js';
import { clfToCommon } from './transforms.js';

const emptyServices = 'chart 31 turns allowEmptyServices on: a route whose Service has no ready endpoint would answer 503 instead of disappearing (404, or the next matching route). Remove the line to turn it on';

export default defineMigration({
  from: '30',
  to: '32',
  summary: 'allowEmptyServices turns on by default (kept off as it was); access-log format CLF is called common; hub.ratelimit.redis → hub.redis; a values schema checks types',
  charts: [
    {
      chart: 'traefik',
      operations: [
        { op: 'reshape', since: '32.0.0', from: 'logs.access.format', to: 'logs.access.format', transform: clfToCommon, why: 'chart 32\'s schema accepts only common or json for the access log' },
        { op: 'reshape', since: '32.0.0', from: 'logs.general.format', to: 'logs.general.format', transform: clfToCommon, why: 'chart 32\'s schema accepts only common or json' },
        { op: 'move', since: '32.0.0', from: 'hub.ratelimit.redis', to: 'hub.redis', why: 'Traefik Hub\'s Redis settings are shared beyond rate limiting from chart 32' },
        { op: 'keep-old-default', since: '31.0.0', path: 'providers.kubernetesCRD.allowEmptyServices', value: false, why: emptyServices },
        { op: 'keep-old-default', since: '31.0.0', path: 'providers.kubernetesIngress.allowEmptyServices', value: false, why: emptyServices },
      ],
    },
  ],
  example: {
    chart: 'traefik',
    values: 'logs:\n  access:\n    enabled: true\n    format: CLF\n',
  },
});
