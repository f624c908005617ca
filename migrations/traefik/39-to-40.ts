import { defineMigration } from '../../src/core/define.js';
import { isPlainMap } from '../../src/core/plain.js';
import { formatPath } from '../../src/core/paths.js';
import type { HookContext } from '../../src/core/types.js';
import { dropProxyBelow } from './proxy-version.js';

/** The Service fields chart 40 takes under `spec` (passed through as Kubernetes spells them). */
const serviceFields = ['type', 'loadBalancerClass', 'loadBalancerSourceRanges', 'externalIPs', 'ipFamilyPolicy', 'ipFamilies'];
const underSpec = 'chart 40 passes the Service fields through under spec; the old key is ignored there (a NodePort or ClusterIP Service would silently become a LoadBalancer)';

/**
 * Chart 40 passes every kubernetesIngressNGINX value as a flag, among them two new defaults
 * (httpEntryPoint: web, httpsEntryPoint: websecure) that narrow the provider's Ingresses to those
 * entry points; chart 39 passed neither, and Traefik's own default is every entry point. An
 * empty value renders no flag, so that is what keeps an enabled provider as it ran.
 */
function ingressNginxEntryPoints(ctx: HookContext): void {
  const at = 'providers.kubernetesIngressNGINX';
  if (ctx.get(`${at}.enabled`) !== true) return;
  const pinned = ['httpEntryPoint', 'httpsEntryPoint'].filter((k) => !ctx.has(`${at}.${k}`));
  if (!pinned.length) return;
  for (const k of pinned) ctx.set(`${at}.${k}`, '');
  ctx.note(
    `${pinned.map((k) => `${at}.${k}`).join(', ')} set to "": chart 40 would limit the ingress-nginx provider's Ingresses to the web and websecure entry points, where chart 39 let Traefik serve them on every one; set them to narrow it`,
    'info',
  );
}

/** Each Service the chart renders: the main one and every additional one, as values paths. */
function services(ctx: HookContext): string[][] {
  const extra = ctx.get('service.additionalServices');
  return [['service'], ...(isPlainMap(extra) ? Object.keys(extra).map((name) => ['service', 'additionalServices', name]) : [])];
}

/**
 * Chart 39 rendered loadBalancerSourceRanges only on a LoadBalancer Service (its type defaulted
 * to LoadBalancer); chart 40 passes it through whatever the type, and Kubernetes refuses it on
 * any other type. Ranges 39 ignored are dropped rather than turned into a broken Service.
 */
function sourceRangesOnlyForLoadBalancers(ctx: HookContext): void {
  for (const svc of services(ctx)) {
    const type = ctx.get(formatPath([...svc, 'type'])) ?? 'LoadBalancer';
    const ranges = formatPath([...svc, 'loadBalancerSourceRanges']);
    if (type !== 'LoadBalancer' && ctx.has(ranges)) ctx.remove(ranges, `ignored by chart 39 on a ${String(type)} Service; chart 40 would pass it through and Kubernetes refuses it on any type but LoadBalancer`);
  }
}

/**
 * An additional Service without a type was a LoadBalancer in chart 39 (the template's default);
 * chart 40 writes no type, so Kubernetes would make it a ClusterIP and the load balancer would
 * go. Its type is written out.
 */
function additionalServicesStayLoadBalancers(ctx: HookContext): void {
  for (const svc of services(ctx).slice(1)) {
    if (ctx.get(formatPath([...svc, 'enabled'])) === false) continue;
    if (ctx.has(formatPath([...svc, 'type'])) || ctx.has(formatPath([...svc, 'spec', 'type']))) continue;
    ctx.set(formatPath([...svc, 'spec', 'type']), 'LoadBalancer');
    ctx.note(`${formatPath(svc)}: written type LoadBalancer, which chart 39 gave it by default; chart 40 gives none (Kubernetes would make it a ClusterIP)`, 'warning');
  }
}

export default defineMigration({
  from: '39',
  to: '40',
  summary: 'service.type and the other Service fields move under service.spec (also for additional Services); kubernetesIngressNginx → kubernetesIngressNGINX; Traefik Proxy v3.6+ only; podSecurityPolicy gone',
  charts: [
    {
      chart: 'traefik',
      operations: [
        { op: 'hook', name: 'proxy-too-old', run: dropProxyBelow('3.6.0', '40', 'This version of the Chart only supports Traefik Proxy v3.6.0+'), why: 'chart 40 refuses Traefik Proxy older than v3.6.0' },
        { op: 'hook', name: 'source-ranges-only-for-load-balancers', run: sourceRangesOnlyForLoadBalancers, why: 'chart 40 passes loadBalancerSourceRanges through whatever the Service type' },
        { op: 'hook', name: 'additional-services-stay-load-balancers', run: additionalServicesStayLoadBalancers, why: 'chart 40 no longer defaults an additional Service to LoadBalancer' },
        { op: 'remove', path: 'service.loadBalancerSourceRanges', only: 'old-default', why: 'the empty default' },
        { op: 'remove', path: 'service.externalIPs', only: 'old-default', why: 'the empty default' },
        ...serviceFields.map((f) => ({ op: 'move' as const, from: `service.${f}`, to: `service.spec.${f}`, why: underSpec })),
        ...serviceFields.map((f) => ({ op: 'move' as const, from: `service.additionalServices.*.${f}`, to: `service.additionalServices.*.spec.${f}`, why: underSpec })),
        { op: 'move', from: 'providers.kubernetesIngressNginx', to: 'providers.kubernetesIngressNGINX', why: 'renamed in chart 40' },
        { op: 'hook', name: 'ingress-nginx-entry-points', run: ingressNginxEntryPoints, why: 'chart 40 narrows the ingress-nginx provider to web and websecure' },
        { op: 'remove', path: 'podSecurityPolicy', why: 'PodSecurityPolicy no longer exists in Kubernetes (chart 40 needs 1.25+) and the chart dropped it' },
      ],
    },
  ],
  followUps: [
    {
      chart: 'traefik',
      text: 'From chart 40.2.0 the Gateway API CRDs are no longer in the chart: install and upgrade them yourself (they stay in the cluster; Helm never deleted them). The traefik-crds chart is gone from 40.1.0: helm-migrate plan retires a traefik-crds release on the way (its CRDs stay, without its ownership); by hand, upgrade it so its manifest keeps the CRDs (helm.sh/resource-policy: keep) before uninstalling it.',
    },
  ],
  example: {
    chart: 'traefik',
    values: 'service:\n  type: NodePort\n  externalIPs:\n    - 203.0.113.10\nproviders:\n  kubernetesIngressNginx:\n    enabled: true\n',
  },
});
