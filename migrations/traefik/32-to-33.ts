import { defineMigration } from '../../src/core/define.js';
import { isPlainMap, type Plain } from '../../src/core/plain.js';
import type { HookContext } from '../../src/core/types.js';

/** What charts 23–32 shipped as `env`, and chart 33 sets by itself. */
const podEnv: Record<string, string> = { POD_NAME: 'metadata.name', POD_NAMESPACE: 'metadata.namespace' };

/**
 * Chart 33 sets POD_NAME and POD_NAMESPACE itself; the same entries carried in `env` would be
 * rendered twice (the API server warns, server-side apply refuses duplicate keys). Only entries
 * exactly like the old default go; anything the user changed stays.
 */
/**
 * Chart 33 gives the Gateway provider a status address by default (the chart's own Service), so
 * an enabled provider starts copying that Service's load-balancer addresses into every Gateway's
 * status, which tools such as external-dns act on. No value keeps 32's behaviour until chart 41
 * (34–40 dereference the setting, so it cannot be unset): said, with the switch that exists.
 */
function gatewayStatusAddress(ctx: HookContext): void {
  if (ctx.get('providers.kubernetesGateway.enabled') !== true || ctx.has('providers.kubernetesGateway.statusAddress')) return;
  ctx.note(
    'providers.kubernetesGateway is enabled: from chart 33 Traefik also publishes its Service\'s addresses in the status of every Gateway it serves (statusAddress.service defaults to the chart\'s Service), which chart 32 did not; charts 33–40 cannot turn that off, from 41 providers.kubernetesGateway.statusAddress.service.enabled: false does',
    'warning',
    [{ object: 'Deployment/*', field: 'statusaddress' }],
  );
}

/**
 * Chart 32 rendered `ports.<name>.allowACMEByPass` as `--entryPoints.name.allowACMEByPass=true`,
 * for an entry point literally called `name`: the port the user set it on never had it. Chart 33
 * names the port, so the setting starts to take effect; carried (it is what the user asked for)
 * and said.
 */
function acmeBypassTakesEffect(ctx: HookContext): void {
  const ports = ctx.get('ports');
  if (!isPlainMap(ports)) return;
  for (const [name, port] of Object.entries(ports)) {
    if (!isPlainMap(port) || port.allowACMEByPass !== true) continue;
    ctx.note(
      `ports.${name}.allowACMEByPass: chart 32 rendered it for an entry point named "name" (a chart bug), so ${name} never let ACME challenges bypass its routers; from chart 33 it does. Remove the line to keep ${name} as it ran`,
      'warning',
      [{ object: 'Deployment/*', field: `entrypoints.${name}.allowacmebypass` }],
    );
  }
}

function builtInPodEnv(ctx: HookContext): void {
  const env = ctx.get('env');
  if (!Array.isArray(env)) return;
  const isDefault = (e: Plain) =>
    isPlainMap(e) && typeof e.name === 'string' && podEnv[e.name] !== undefined && Object.keys(e).length === 2 &&
    JSON.stringify(e.valueFrom) === JSON.stringify({ fieldRef: { fieldPath: podEnv[e.name] } });
  const kept = env.filter((e) => !isDefault(e));
  if (kept.length === env.length) return;
  if (kept.length === 0) ctx.remove('env', 'POD_NAME and POD_NAMESPACE, which chart 33 sets itself (kept here they would be rendered twice)');
  else {
    ctx.set('env', kept);
    ctx.note('env: POD_NAME / POD_NAMESPACE removed, chart 33 sets them itself (kept they would be rendered twice); your other variables stay', 'info');
  }
}

export default defineMigration({
  from: '32',
  to: '33',
  summary: 'certResolvers.<name> → certificatesResolvers.<name>.acme; the traefik port moves to 8080 and publishedService turns on by default (both kept as they were); POD_NAME/POD_NAMESPACE built in',
  charts: [
    {
      chart: 'traefik',
      operations: [
        { op: 'hook', name: 'gateway-status-address', run: gatewayStatusAddress, why: 'an enabled Gateway provider publishes a status address from chart 33' },
        { op: 'hook', name: 'acme-bypass-takes-effect', run: acmeBypassTakesEffect, why: 'chart 33 renders allowACMEByPass for the port it is set on' },
        { op: 'move', from: 'certResolvers.*', to: 'certificatesResolvers.*.acme', why: 'chart 33 passes Traefik\'s certificatesResolvers through (it refuses certResolvers: "certResolvers setting has been removed")' },
        { op: 'remove', path: 'certResolvers', only: { equals: {} }, why: 'the empty default' },
        { op: 'move', from: 'logs.access.statuscodes', to: 'logs.access.filters.statuscodes', why: 'shipped one level too high in charts 31–32, where the templates never read it' },
        { op: 'move', from: 'logs.access.retryattempts', to: 'logs.access.filters.retryattempts', why: 'shipped one level too high in charts 31–32, where the templates never read it' },
        { op: 'move', from: 'logs.access.minduration', to: 'logs.access.filters.minduration', why: 'shipped one level too high in charts 31–32, where the templates never read it' },
        { op: 'hook', name: 'built-in-pod-env', run: builtInPodEnv, why: 'chart 33 sets POD_NAME and POD_NAMESPACE itself' },
        { op: 'keep-old-default', path: 'ports.traefik.port', value: 9000, why: 'chart 33 moves the traefik entry point (dashboard, ping, metrics by default) from 9000 to 8080; port-forwards, NetworkPolicies and load-balancer health checks still point at 9000. Remove both lines to move with it' },
        { op: 'keep-old-default', path: 'ports.traefik.exposedPort', value: 9000, why: 'as ports.traefik.port' },
        { op: 'keep-old-default', path: 'providers.kubernetesIngress.publishedService.enabled', value: false, why: 'chart 33 turns it on: Ingress status would start showing the Traefik Service address, which external-dns and Argo CD act on. Remove the line to turn it on' },
      ],
    },
  ],
  followUps: [
    {
      chart: 'traefik',
      text: 'Chart 33 ships the Gateway API v1.2 CRDs: on a cluster that still stores v1alpha2 Gateway API objects, follow the Gateway API v1.2 upgrade notes before the CRDs are upgraded.',
    },
  ],
  example: {
    chart: 'traefik',
    values: 'certResolvers:\n  letsencrypt:\n    email: ops@shop.example\n    tlsChallenge: true\n    storage: /data/acme.json\n',
  },
});
