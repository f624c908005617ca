import { defineMigration } from '../../src/core/define.js';
import { yamlTextToMap } from './transforms.js';

const camel = 'chart 41 spells the access-log options as Traefik does (camelCase)';

/**
 * Chart 41 named the logging values after Traefik's own options (`log`, `accessLog`) and takes
 * the file provider's configuration as an object. Its schema rejects the old `logs` key, but a
 * half-done rename is worse: `accessLog.fields.general.*` and lower-case `defaultmode` keys are
 * accepted and ignored. So every key of the old tree moves, inner renames first.
 */
export default defineMigration({
  from: '40',
  to: '41',
  summary: 'logs.general → log and logs.access → accessLog (camelCase options); providers.file.content is an object',
  charts: [
    {
      chart: 'traefik',
      operations: [
        { op: 'move', from: 'logs.access.filters.statuscodes', to: 'logs.access.filters.statusCodes', why: camel },
        { op: 'move', from: 'logs.access.filters.retryattempts', to: 'logs.access.filters.retryAttempts', why: camel },
        { op: 'move', from: 'logs.access.filters.minduration', to: 'logs.access.filters.minDuration', why: camel },
        { op: 'move', from: 'logs.access.fields.general.defaultmode', to: 'logs.access.fields.defaultMode', why: 'the general fields settings moved up one level' },
        { op: 'move', from: 'logs.access.fields.general.names', to: 'logs.access.fields.names', why: 'the general fields settings moved up one level' },
        { op: 'move', from: 'logs.access.fields.headers.defaultmode', to: 'logs.access.fields.headers.defaultMode', why: camel },
        { op: 'move', from: 'logs.access.fields.queryParameters.defaultmode', to: 'logs.access.fields.queryParameters.defaultMode', why: camel },
        { op: 'move', from: 'logs.general', to: 'log', why: 'the Traefik log options, named as Traefik names them' },
        { op: 'move', from: 'logs.access', to: 'accessLog', why: 'the Traefik access-log options, named as Traefik names them' },
        { op: 'reshape', from: 'providers.file.content', to: 'providers.file.content', transform: yamlTextToMap, why: 'chart 41 takes the file provider configuration as an object' },
      ],
    },
  ],
  example: {
    chart: 'traefik',
    values: 'logs:\n  general:\n    level: DEBUG\n  access:\n    enabled: true\n    filters:\n      statuscodes: "400-599"\n',
  },
});
