import { defineMigration } from '../../src/core/define.js';
import { isPlainMap } from '../../src/core/plain.js';
import { formatPath } from '../../src/core/paths.js';
import type { HookContext } from '../../src/core/types.js';
import { exposeToServices } from './transforms.js';

/** Which ports chart 26 exposed when the values left `expose` unset. */
const exposedByDefault: Record<string, boolean> = { web: true, websecure: true, traefik: false, metrics: false };

/**
 * Chart 26's `service.internal` rendered a second Service with every port exposed on the main
 * one or marked exposeInternal. Chart 27 renders it from `service.additionalServices.internal`,
 * and only with the ports whose `expose.internal` is true: without both, the upgrade deletes it.
 */
function internalService(ctx: HookContext): void {
  const internal = ctx.get('service.internal');
  if (internal === undefined) return;
  if (ctx.has('service.additionalServices.internal')) {
    ctx.note('service.internal and service.additionalServices.internal are both set: kept apart, check which Service you want', 'warning');
    return;
  }
  ctx.remove('service.internal', 'carried to service.additionalServices.internal');
  ctx.set('service.additionalServices.internal', isPlainMap(internal) ? internal : {});
  const ports = ctx.get('ports');
  const names = new Set([...Object.keys(exposedByDefault), ...(isPlainMap(ports) ? Object.keys(ports) : [])]);
  for (const name of names) {
    if (isPlainMap(ports) && ports[name] === null) continue;
    const expose = ctx.get(formatPath(['ports', name, 'expose', 'default'])) ?? exposedByDefault[name] ?? false;
    if (expose !== true || ctx.has(formatPath(['ports', name, 'expose', 'internal']))) continue;
    ctx.set(formatPath(['ports', name, 'expose', 'internal']), true);
  }
}

export default defineMigration({
  from: '26',
  to: '27',
  summary: 'ports.<name>.expose: true → expose: {default: true}; exposeInternal → expose.internal; service.internal → service.additionalServices.internal',
  charts: [
    {
      chart: 'traefik',
      operations: [
        { op: 'reshape', from: 'ports.*.expose', to: 'ports.*.expose', transform: exposeToServices, why: 'chart 27 exposes each port per Service (its templates fail on a boolean)' },
        { op: 'move', from: 'ports.*.exposeInternal', to: 'ports.*.expose.internal', why: 'the internal Service is one of the Services a port is exposed on from chart 27' },
        { op: 'hook', name: 'internal-service', run: internalService, why: 'chart 27 renders the internal Service from service.additionalServices.internal, with only the ports marked for it' },
      ],
    },
  ],
  example: {
    chart: 'traefik',
    values: 'ports:\n  metrics:\n    expose: true\n    exposeInternal: true\nservice:\n  internal:\n    type: ClusterIP\n',
  },
});
