import { defineMigration } from '../../src/core/define.js';
import { isPlainMap, type Plain } from '../../src/core/plain.js';
import type { HookContext } from '../../src/core/types.js';

/**
 * Until chart 28 any non-empty `metrics.prometheus.{service,serviceMonitor,prometheusRule}` map
 * created the object; from 29 each needs `enabled: true`, and without it the Service, the
 * ServiceMonitor or the PrometheusRule silently disappears.
 */
function prometheusOperatorSwitches(ctx: HookContext): void {
  for (const key of ['service', 'serviceMonitor', 'prometheusRule']) {
    const path = `metrics.prometheus.${key}`;
    const block = ctx.get(path);
    if (!isPlainMap(block) || Object.keys(block).length === 0 || 'enabled' in block) continue;
    ctx.set(`${path}.enabled`, true);
    ctx.note(`${path}: enabled: true written; chart 29 creates the object only when asked (before, any settings did)`, 'info');
  }
}

/**
 * The Gateway's listeners: chart 28 rendered an HTTP listener and, with
 * `experimental.kubernetesGateway.certificate`, an HTTPS one, both with the one namespace
 * policy; chart 29 kept that shape under `gateway` (`namespacePolicy`, a `certificateRefs`
 * list); chart 30 takes each listener under `gateway.listeners` with its own port (the entry
 * point's container port), certificateRefs and namespace policy.
 */
function gatewayListeners(ctx: HookContext): void {
  let policy: Plain | undefined;
  for (const at of ['experimental.kubernetesGateway.namespacePolicy', 'gateway.namespacePolicy']) {
    if (!ctx.has(at)) continue;
    const value = ctx.get(at);
    // The first one found goes to the HTTP listener with its comments; the HTTPS one gets a copy.
    const first = policy === undefined && value !== null;
    if (first) policy = value;
    if (first && !ctx.has('gateway.listeners.web.namespacePolicy')) ctx.move(at, 'gateway.listeners.web.namespacePolicy');
    else ctx.remove(at, 'carried to each Gateway listener (gateway.listeners.<name>.namespacePolicy)');
  }
  const cert = ctx.get('experimental.kubernetesGateway.certificate');
  const refs = ctx.get('gateway.certificateRefs');
  if (cert !== undefined) ctx.remove('experimental.kubernetesGateway.certificate', 'carried to gateway.listeners.websecure.certificateRefs');
  if (refs !== undefined) ctx.remove('gateway.certificateRefs', 'carried to gateway.listeners.websecure.certificateRefs');
  const certificateRefs = isPlainMap(cert) && cert.name ? [cert] : Array.isArray(refs) && refs.length ? refs : undefined;
  if (!certificateRefs || ctx.has('gateway.listeners.websecure')) return;
  const port = ctx.get('ports.websecure.port') ?? 8443;
  ctx.set('gateway.listeners.websecure', { port, protocol: 'HTTPS', certificateRefs, ...(policy !== undefined && policy !== null ? { namespacePolicy: policy } : {}) });
}

/**
 * Chart 28 labelled the dashboard (and health-check) IngressRoute `kubernetes.io/ingress.class:
 * <ingressClass.name, or the release's full name>`. Traefik's CRD provider serves only objects
 * whose label equals its `ingressClass`, or, with none set, those unlabelled or labelled
 * `traefik`: a route labelled otherwise was never served. Chart 30 labels it with the provider's
 * class, or not at all, so the same route is served after the upgrade, the dashboard included.
 * No value of chart 30 writes the old label, so the change is said, with how to keep the route
 * off. Where the label was the release's full name, only the release name decides, which a
 * values file does not hold: that is said as a condition.
 */
/**
 * With `rbac.namespaced`, chart 30 (for Traefik 3.1.2+) tells the CRD and Ingress providers not
 * to read cluster-scoped resources, and drops the ClusterRole chart 28 still installed for
 * IngressClass lookups: Ingresses selected by an IngressClass's controller rather than its name
 * may stop being served.
 */
function namespacedClusterScope(ctx: HookContext): void {
  if (ctx.get('rbac.namespaced') !== true) return;
  ctx.note(
    'rbac.namespaced: from chart 30 Traefik runs with --providers.kubernetescrd.disableClusterScopeResources and --providers.kubernetesingress.disableClusterScopeResources, so it no longer reads IngressClasses and other cluster-scoped resources, and the chart installs no ClusterRole or ClusterRoleBinding (chart 28 kept one for IngressClass lookups)',
    'warning',
    [{ object: 'Deployment/*', field: 'disableclusterscoperesources' }, { object: 'ClusterRole/*' }, { object: 'ClusterRoleBinding/*' }],
  );
}

function routesTraefikIgnored(ctx: HookContext): void {
  const on = (path: string, byDefault: boolean) => (ctx.has(path) ? ctx.get(path) === true : byDefault);
  if (!on('ingressClass.enabled', true) || !on('providers.kubernetesCRD.enabled', true)) return;
  const providerClass = ctx.get('providers.kubernetesCRD.ingressClass');
  const processed = typeof providerClass === 'string' && providerClass ? [providerClass] : ['traefik'];
  const name = ctx.get('ingressClass.name') || ctx.get('fullnameOverride');
  for (const [route, byDefault] of [['dashboard', true], ['healthcheck', false]] as const) {
    if (!on(`ingressRoute.${route}.enabled`, byDefault)) continue;
    const keepOff = `set ingressRoute.${route}.enabled: false to keep it unserved`;
    if (typeof name === 'string' && name) {
      if (processed.includes(name)) continue;
      const by = ctx.get('ingressClass.name') ? 'ingressClass.name' : 'fullnameOverride';
      ctx.note(`ingressRoute.${route}: chart 28 labelled this IngressRoute kubernetes.io/ingress.class: ${name} (${by}), which Traefik does not serve (it serves ${processed.map((c) => `'${c}'`).join(' or ')}${processed[0] === 'traefik' ? ' or none' : ''}); chart 30 labels it so that Traefik serves it. ${keepOff}`, 'warning');
    } else {
      ctx.note(`ingressRoute.${route}: chart 28 labelled this IngressRoute kubernetes.io/ingress.class: <the release's full name>; unless that is ${processed.map((c) => `'${c}'`).join(' or ')}, Traefik did not serve it, and chart 30 labels it so that Traefik does: if so, ${keepOff}`, 'info');
    }
  }
}

export default defineMigration({
  from: '28',
  to: '30',
  summary: 'the dashboard IngressRoute turns off by default (kept on as it was); Prometheus Operator objects need enabled: true; the Gateway API provider and Gateway move out of experimental into providers.kubernetesGateway and gateway.listeners',
  charts: [
    {
      chart: 'traefik',
      operations: [
        { op: 'keep-old-default', since: '29.0.0', path: 'ingressRoute.dashboard.enabled', value: true, why: 'chart 29 turns the dashboard IngressRoute off by default: the upgrade would delete it. Remove the line to turn it off' },
        { op: 'hook', since: '29.0.0', name: 'prometheus-operator-switches', run: prometheusOperatorSwitches, why: 'chart 29 creates the Prometheus Operator objects only with enabled: true' },
        { op: 'hook', since: '30.0.0', name: 'namespaced-cluster-scope', run: namespacedClusterScope, why: 'chart 30 stops a namespaced Traefik from reading cluster-scoped resources' },
        { op: 'hook', since: '30.0.0', name: 'routes-traefik-ignored', run: routesTraefikIgnored, why: 'chart 30 labels the dashboard and health-check IngressRoutes with the CRD provider\'s class, so one Traefik ignored under chart 28 is served' },
        { op: 'hook', since: '30.0.0', name: 'gateway-listeners', run: gatewayListeners, why: 'the Gateway listeners are declared under gateway.listeners from chart 30' },
        { op: 'move', since: '29.0.0', from: 'experimental.kubernetesGateway.enabled', to: 'providers.kubernetesGateway.enabled', why: 'the Gateway API provider left experimental (chart 29); the old flag neither enables the provider nor creates the Gateway' },
        { op: 'move', since: '29.0.0', from: 'experimental.kubernetesGateway.namespace', to: 'gateway.namespace', why: 'the Gateway is configured under gateway from chart 29' },
        { op: 'move', since: '29.0.0', from: 'experimental.kubernetesGateway.annotations', to: 'gateway.annotations', why: 'the Gateway is configured under gateway from chart 29' },
        {
          op: 'remove',
          since: '30.1.0',
          path: 'providers.kubernetesIngress.disableIngressClassLookup',
          why: 'chart 30.1 no longer reads it: with rbac.namespaced it sets the equivalent itself; otherwise decide whether you need --providers.kubernetesingress.disableClusterScopeResources=true (Traefik v3.1.2+, which the chart runs) in additionalArguments',
          severity: 'warning',
          stillRead: 'the 30 template writes the flag itself under rbac.namespaced (for Traefik < v3.1.2); it reads no value of that name',
        },
      ],
    },
  ],
  followUps: [
    {
      chart: 'traefik',
      text: 'Chart 30 renders one IngressRoute per ingressRoute.<name> with enabled: true, named <release>-<name>: the dashboard IngressRoute is renamed (<fullname>-dashboard → <release>-dashboard); update anything that refers to it by name.',
    },
  ],
  example: {
    chart: 'traefik',
    values: 'metrics:\n  prometheus:\n    serviceMonitor:\n      interval: 30s\nexperimental:\n  kubernetesGateway:\n    enabled: true\n',
  },
});
