import { defineMigration } from '../../src/core/define.js';
import { isPlainMap } from '../../src/core/plain.js';
import type { HookContext } from '../../src/core/types.js';
import { trustDnsToHickory } from './transforms.js';

/**
 * A proxy-init run as root (runAsRoot, or the close-wait timeout, which needs it) gets an explicit
 * runAsGroup: 0 at edge; 2.14 set only the user and left the group to the image.
 */
function rootInitGroup(ctx: HookContext): void {
  // After close-wait-needs-root, which turns runAsRoot on for the close-wait timeout.
  if (ctx.get('proxyInit.runAsRoot') !== true) return;
  ctx.note('proxyInit runs as root: edge also sets its group (runAsGroup: 0), which 2.14 left to the image', 'info', [{ object: 'Deployment/*', field: 'initContainers[linkerd-init].securityContext.runAsGroup' }]);
}

/** edge's dashboard (web) takes the anti-affinity enablePodAntiAffinity gives viz's other pods; 2.14's did not. */
function dashboardAntiAffinity(ctx: HookContext): void {
  if (ctx.get('enablePodAntiAffinity') !== true) return;
  ctx.note('enablePodAntiAffinity now also spreads the dashboard (web) replicas across nodes and zones, which 2.14 did not', 'info', [{ object: 'Deployment/web', field: 'affinity' }]);
}

/**
 * 2.14 sent control-plane traces to `collector.<controlPlaneTracingNamespace>`; edge wants an
 * explicit endpoint and fails to render without one, so derive it from what 2.14 used.
 */
function controlPlaneTracing(ctx: HookContext): void {
  const enabled = ctx.get('controlPlaneTracing');
  const ns = ctx.get('controlPlaneTracingNamespace');
  if (enabled === true) {
    const domain = (ctx.get('clusterDomain') as string | undefined) || 'cluster.local';
    const endpoint = `collector.${typeof ns === 'string' && ns ? ns : 'linkerd-jaeger'}.svc.${domain}:55678`;
    ctx.set('controller.tracing.enabled', true);
    if (!ctx.has('controller.tracing.collector.endpoint')) ctx.set('controller.tracing.collector.endpoint', endpoint);
    ctx.note(
      `control-plane tracing now needs controller.tracing.collector.endpoint; set to ${endpoint}, what 2.14 used. linkerd-jaeger no longer exists: point it at your own collector.`,
      'warning',
    );
  }
  ctx.remove('controlPlaneTracing', 'replaced by controller.tracing.enabled');
  ctx.remove('controlPlaneTracingNamespace', 'replaced by controller.tracing.collector.endpoint');
}

/**
 * In 2.14 `proxyInit.closeWaitTimeoutSecs` ran proxy-init privileged; edge also needs it to run
 * as root and refuses to render otherwise. The user asked for the timeout, so root is set, loudly.
 */
function closeWaitNeedsRoot(ctx: HookContext): void {
  const secs = ctx.get('proxyInit.closeWaitTimeoutSecs');
  if (!secs || ctx.get('proxyInit.runAsRoot') === true) return;
  ctx.set('proxyInit.runAsRoot', true);
  ctx.note('proxyInit.closeWaitTimeoutSecs now needs proxyInit.runAsRoot: true (edge refuses it otherwise); set, so proxy-init runs as root. Drop closeWaitTimeoutSecs if you would rather not', 'warning', [
    { object: 'Deployment/*', field: 'initContainers[linkerd-init].securityContext' },
  ]);
}

/**
 * At edge the control plane's linkerd-init containers take their resources from proxy.resources
 * (2.14 read proxyInit.resources, whose default was 100m CPU and 20Mi memory), and no value sizes
 * them apart any more: a user's proxy sizing now sizes linkerd-init too. Nothing can carry the
 * old sizing, so the report says so.
 */
function initFollowsProxySizing(ctx: HookContext): void {
  const r = ctx.get('proxy.resources');
  if (!isPlainMap(r)) return;
  const set = Object.entries(r).flatMap(([res, v]) => (isPlainMap(v) ? Object.entries(v).filter(([, x]) => x !== '' && x !== null && x !== undefined).map(([k, x]) => `${res} ${k} ${String(x)}`) : []));
  if (!set.length) return;
  ctx.note(`edge sizes the control plane's linkerd-init containers from proxy.resources (${set.join(', ')}), not proxyInit.resources (2.14's default: cpu 100m, memory 20Mi); no value sizes them apart any more, so linkerd-init gets your proxy sizing`, 'warning', [
    { object: 'Deployment/*', field: 'initContainers[linkerd-init].resources' },
  ]);
}

/**
 * At edge linkerd-init runs from the proxy image, so a pinned proxy image, version or pull policy
 * now also decides what linkerd-init pulls, and how.
 */
function initRunsFromProxyImage(ctx: HookContext): void {
  // A custom linkerdVersion pin is said by the version pins' own note (it pins every image).
  const set = ['proxy.image.name', 'proxy.image.version', 'proxy.image.pullPolicy'].filter((p) => ctx.has(p));
  if (!set.length) return;
  ctx.note(`linkerd-init now runs from the proxy image, so ${set.join(', ')} also decide${set.length === 1 ? 's' : ''} the image linkerd-init pulls and how`, 'info', [
    { object: 'Deployment/*', field: 'initContainers[linkerd-init].image' },
  ]);
}

/**
 * Edge still renders the service mirror's PodMonitor from the control-plane chart, but named for
 * the multicluster controller that replaced the service mirror (and selecting that controller's
 * pods too): Helm deletes `linkerd-service-mirror` and creates `linkerd-multicluster-controller`,
 * with the same settings. Whoever has it is told, for anything that selects it by name.
 */
function serviceMirrorPodMonitor(ctx: HookContext): void {
  if (ctx.get('podMonitor.enabled') !== true || ctx.get('podMonitor.serviceMirror.enabled') === false) return;
  ctx.note('podMonitor.serviceMirror: the PodMonitor linkerd-service-mirror is replaced by linkerd-multicluster-controller (same settings; it also scrapes the multicluster controller): update anything that refers to it by name', 'info');
}

export default defineMigration({
  from: '2.14',
  to: 'edge-26.8.3',
  summary: 'control-plane tracing moves under controller.tracing, proxy-init and the policy controller use the proxy and controller images, linkerd-jaeger is removed, and linkerd-crds stops installing Gateway API CRDs by default',
  charts: [
    {
      chart: 'linkerd-control-plane',
      operations: [
        { op: 'hook', name: 'control-plane-tracing', run: controlPlaneTracing, why: 'controlPlaneTracing → controller.tracing' },
        { op: 'hook', name: 'close-wait-needs-root', run: closeWaitNeedsRoot, why: 'proxyInit.closeWaitTimeoutSecs → also proxyInit.runAsRoot' },
        { op: 'hook', name: 'root-init-group', run: rootInitGroup, why: 'a root proxy-init runs with group 0 at edge' },
        { op: 'hook', name: 'service-mirror-pod-monitor', run: serviceMirrorPodMonitor, why: 'the service-mirror PodMonitor is renamed for the multicluster controller' },
        {
          op: 'reshape',
          from: 'proxy.logLevel',
          to: 'proxy.logLevel',
          transform: trustDnsToHickory,
          why: 'the edge proxy resolves DNS with hickory (formerly trust-dns): a filter for trust_dns would quiet nothing, so it names hickory',
        },
        { op: 'hook', name: 'init-follows-proxy-sizing', run: initFollowsProxySizing, why: 'linkerd-init takes proxy.resources at edge' },
        { op: 'hook', name: 'init-runs-from-proxy-image', run: initRunsFromProxyImage, why: 'linkerd-init runs from the proxy image at edge' },
        { op: 'remove', path: 'policyController.image', why: 'the policy controller runs from the controller image now' },
        { op: 'remove', path: 'proxyInit.image', why: 'proxy-init runs from the proxy image now' },
        { op: 'remove', path: 'proxyInit.resources', why: 'proxy-init uses proxy.resources now; set those if you sized proxy-init' },
        { op: 'remove', path: 'policyControllerResources', why: 'not read by the chart (use policyController.resources)' },
        { op: 'remove', path: 'proxy.cores', only: 'old-default', why: 'deprecated; 0 meant "not set"' },
        { op: 'move', from: 'proxy.cores', to: 'proxy.runtime.workers.minimum', why: 'proxy.cores is deprecated in favour of proxy.runtime.workers.minimum' },
      ],
    },
    {
      chart: 'linkerd-viz',
      operations: [{ op: 'hook', name: 'dashboard-anti-affinity', run: dashboardAntiAffinity, why: 'enablePodAntiAffinity also spreads the dashboard at edge' }],
    },
    {
      chart: 'linkerd-crds',
      operations: [
        {
          op: 'keep-old-default',
          path: 'enableHttpRoutes',
          value: true,
          why: 'edge stops rendering the Gateway API HTTPRoute CRD by default, and Helm would delete the CRD (with every HTTPRoute) that the 2.14 release installed; set it to false if another tool owns the Gateway API',
        },
      ],
    },
    {
      chart: 'linkerd-jaeger',
      becomes: [],
      goneWhy: 'the linkerd-jaeger chart was removed (edge-25.10.1): configure proxy.tracing in linkerd-control-plane and run your own collector',
      operations: [],
    },
  ],
  followUps: [
    { chart: 'linkerd-jaeger', text: 'linkerd-jaeger no longer exists: run an OpenTelemetry collector yourself and set proxy.tracing.* (and controller.tracing.*) in linkerd-control-plane.' },
    {
      chart: 'linkerd-control-plane',
      text: 'When you upgrade linkerd-crds, set enableHttpRoutes: true there unless another tool owns the Gateway API CRDs; otherwise Helm deletes the HTTPRoute CRD the 2.14 release installed.',
    },
    { chart: 'linkerd-control-plane', text: 'proxyInit.iptablesMode now defaults to nft and proxies run as native sidecars; check your nodes support both.' },
    { text: 'Restart meshed workloads (kubectl rollout restart) so their proxies match the new control plane.' },
  ],
  example: {
    chart: 'linkerd-control-plane',
    values: `controlPlaneTracing: true
controlPlaneTracingNamespace: tracing
proxy:
  cores: 2
proxyInit:
  resources:
    cpu:
      limit: 200m
`,
  },
});
