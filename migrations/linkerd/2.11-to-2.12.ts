import { defineMigration } from '../../src/core/define.js';
import type { HookContext } from '../../src/core/types.js';
import { betaOsToGa } from './node-selector.js';

const releaseNamespace = 'charts install into the Helm release namespace since 2.12: use helm --namespace (and --create-namespace)';

/** The namespace value becomes the helm flag, so the report says exactly what to run. */
function namespaceToFlag(ctx: HookContext): void {
  const ns = ctx.get('namespace');
  if (ns === undefined) return;
  ctx.remove('namespace', `charts install into the Helm release namespace since 2.12: install with helm --namespace ${String(ns)} --create-namespace`);
}

/**
 * In 2.11 `enablePodAntiAffinity` also rendered PodDisruptionBudgets and a `maxUnavailable: 1`
 * rollout; 2.12 gives each its own value, so an HA control plane keeps both only if they are set.
 */
function antiAffinityDuties(ctx: HookContext): void {
  if (ctx.get('enablePodAntiAffinity') !== true) return;
  if (!ctx.has('enablePodDisruptionBudget')) ctx.set('enablePodDisruptionBudget', true);
  if (!ctx.has('deploymentStrategy')) ctx.set('deploymentStrategy', { rollingUpdate: { maxUnavailable: 1 } });
  ctx.note('enablePodAntiAffinity no longer renders PodDisruptionBudgets or a maxUnavailable: 1 rollout: set enablePodDisruptionBudget: true and deploymentStrategy.rollingUpdate.maxUnavailable: 1 to keep them', 'info');
}

/** Under the CNI plugin 2.12's control-plane pods run a no-op init container where proxy-init would be. */
function cniNoopInit(ctx: HookContext): void {
  if (ctx.get('cniEnabled') !== true) return;
  ctx.note('cniEnabled: 2.12 gives the control-plane pods a no-op init container (noop) where proxy-init would run, which 2.11 did not', 'info', [{ object: 'Deployment/*', field: 'initContainers[noop]' }]);
}

/** 2.11's jaeger-injector took the control plane to be in `linkerd`; 2.12 passes it linkerdNamespace. */
function injectorKnowsControlPlane(ctx: HookContext): void {
  const ns = ctx.get('linkerdNamespace');
  if (typeof ns !== 'string' || ns === 'linkerd') return;
  ctx.note(`the jaeger injector is now told the control plane is in ${ns} (-linkerd-namespace); 2.11's took it to be in linkerd`, 'info', [{ object: 'Deployment/jaeger-injector', field: 'linkerd-namespace' }]);
}

/**
 * 2.11 always held the destination and proxy-injector containers until their proxy was ready,
 * whatever `proxy.await` said; 2.12 follows proxy.await there too. Nothing pins it per component.
 */
function controlPlaneAwait(ctx: HookContext): void {
  if (ctx.get('proxy.await') !== false) return;
  ctx.note(
    'proxy.await: false now reaches the control plane: 2.11 always started the destination and proxy-injector containers after their proxy was ready, 2.12 starts them at once (they retry until it is); set proxy.await: true to keep that for them, and annotate workloads config.linkerd.io/proxy-await: disabled instead',
    'warning',
    ['linkerd-destination', 'linkerd-proxy-injector'].map((d) => ({ object: `Deployment/${d}`, field: 'poststart' })),
  );
}

/**
 * 2.11 accepted a webhook `caBundle` without `externalSecret`; 2.12 refuses to render it. With
 * the user's own certificate in the values (crtPEM/keyPEM) the 2.12 way is an external Secret,
 * so externalSecret is set and the user told to create it; without one, the bundle cannot have
 * matched the certificate the chart generated, so it is dropped and the chart's pair used.
 */
function webhookCaBundles(ctx: HookContext): void {
  const secrets: Record<string, string> = { proxyInjector: 'proxy-injector', profileValidator: 'sp-validator', policyValidator: 'policy-validator' };
  for (const hook of ['proxyInjector', 'profileValidator', 'policyValidator']) {
    const ca = ctx.get(`${hook}.caBundle`);
    if (typeof ca !== 'string' || ca.trim() === '' || ctx.get(`${hook}.externalSecret`) === true) continue;
    const own = [ctx.get(`${hook}.crtPEM`), ctx.get(`${hook}.keyPEM`)].every((v) => typeof v === 'string' && v.trim() !== '');
    if (own) {
      ctx.set(`${hook}.externalSecret`, true);
      const secret = `Secret/linkerd-${secrets[hook]}-k8s-tls`;
      ctx.note(`2.12 renders ${hook}.caBundle only with ${hook}.externalSecret: set, and then no longer renders ${secret}; create that kubernetes.io/tls Secret from ${hook}.crtPEM/keyPEM before upgrading`, 'warning', [{ object: secret }]);
    } else {
      ctx.remove(`${hook}.caBundle`, `2.12 refuses a caBundle without ${hook}.externalSecret; without your own crtPEM/keyPEM it cannot have matched the certificate the chart generates, which now comes with its own CA`);
    }
  }
}

/**
 * From 2.12 the destination and identity pods' proxy-init skips `proxyInit.kubeAPIServerPorts`
 * instead of `proxyInit.ignoreOutboundPorts`, which still applies to injected workloads.
 * Copying the value over could stop the control plane skipping 443/6443, so it is only said.
 */
function controlPlaneSkippedPorts(ctx: HookContext): void {
  const ports = ctx.get('proxyInit.ignoreOutboundPorts');
  if (ports === undefined || ports === '4567,4568') return;
  ctx.note(`proxyInit.ignoreOutboundPorts (${String(ports)}) no longer applies to the control plane's own pods, which skip proxyInit.kubeAPIServerPorts (443,6443) instead; it still applies to meshed workloads`, 'warning');
}

export default defineMigration({
  from: '2.11',
  to: '2.12',
  summary: 'linkerd2 splits into linkerd-crds and linkerd-control-plane; the TrafficSplit CRD moves to linkerd-smi; charts use the release namespace; viz drops Grafana',
  charts: [
    {
      chart: 'linkerd2',
      cluster: 'handover',
      becomes: [
        { chart: 'linkerd-crds', emit: 'always', why: 'the CRDs left the control-plane chart: install linkerd-crds first' },
        { chart: 'linkerd-control-plane', inherits: true },
      ],
      operations: [
        {
          op: 'move',
          from: 'policyController.defaultAllowPolicy',
          to: 'proxy.defaultInboundPolicy',
          why: 'renamed in 2.12 (the 2.12 chart silently ignores the old key)',
          flag: 'proxy.defaultInboundPolicy is a security setting: it decides which traffic meshed pods accept when no Server selects them; confirm the carried value',
        },
        betaOsToGa,
        { op: 'hook', name: 'namespace-to-helm-flag', run: namespaceToFlag, why: 'namespace → helm --namespace' },
        { op: 'hook', name: 'control-plane-skipped-ports', run: controlPlaneSkippedPorts, why: 'proxyInit.ignoreOutboundPorts → workloads only' },
        { op: 'hook', name: 'webhook-ca-bundles', run: webhookCaBundles, why: 'caBundle → externalSecret (2.12 refuses one without the other)' },
        { op: 'hook', name: 'cni-noop-init', run: cniNoopInit, why: 'a no-op init container stands in for proxy-init under the CNI plugin from 2.12' },
        { op: 'hook', name: 'control-plane-await', run: controlPlaneAwait, why: 'proxy.await reaches the control plane from 2.12' },
        { op: 'hook', name: 'anti-affinity-duties', run: antiAffinityDuties, why: 'enablePodAntiAffinity → also enablePodDisruptionBudget and deploymentStrategy' },
        { op: 'remove', path: 'installNamespace', why: releaseNamespace },
        { op: 'remove', path: 'stage', why: 'an install stage of the CLI; not read by the 2.12 charts' },
        { op: 'remove', path: 'cniPluginVersion', why: 'not read by the 2.12 control plane' },
        { op: 'remove', path: 'identity.issuer.crtExpiry', why: 'no longer required or read since 2.11.1', severity: 'info' },
      ],
    },
    {
      chart: 'linkerd-viz',
      // The 2.12 chart no longer renders its Namespace: an upgrade would delete it, and everything in it.
      cluster: 'handover',
      operations: [
        betaOsToGa,
        { op: 'remove', path: 'namespace', why: releaseNamespace },
        { op: 'remove', path: 'installNamespace', why: releaseNamespace },
        { op: 'move', from: 'grafanaUrl', to: 'grafana.url', why: 'the external Grafana address now lives under grafana' },
        { op: 'remove', path: 'grafana.enabled', why: 'viz no longer ships Grafana (licensing); install it from the Grafana chart and set grafana.url' },
        { op: 'remove', path: 'grafana.image', why: 'viz no longer ships Grafana' },
        { op: 'remove', path: 'grafana.resources', why: 'viz no longer ships Grafana' },
        { op: 'remove', path: 'grafana.proxy', why: 'viz no longer ships Grafana' },
        { op: 'remove', path: 'grafana.logLevel', why: 'viz no longer ships Grafana' },
        { op: 'remove', path: 'grafana.logFormat', why: 'viz no longer ships Grafana' },
        { op: 'remove', path: 'grafana.nodeSelector', why: 'viz no longer ships Grafana' },
        { op: 'remove', path: 'grafana.tolerations', why: 'viz no longer ships Grafana' },
      ],
    },
    {
      chart: 'linkerd-jaeger',
      // The 2.12 chart no longer renders its Namespace: an upgrade would delete it, and everything in it.
      cluster: 'handover',
      operations: [
        { op: 'hook', name: 'injector-knows-control-plane', run: injectorKnowsControlPlane, why: 'the 2.12 injector is told linkerdNamespace' },
        { op: 'remove', path: 'namespace', why: releaseNamespace },
        { op: 'remove', path: 'installNamespace', why: releaseNamespace },
      ],
    },
    {
      chart: 'linkerd-multicluster',
      // The 2.12 chart no longer renders its Namespace: an upgrade would delete it, and everything in it.
      cluster: 'handover',
      operations: [
        { op: 'remove', path: 'namespace', why: releaseNamespace },
        { op: 'remove', path: 'installNamespace', why: releaseNamespace },
      ],
    },
    {
      chart: 'linkerd-multicluster-link',
      // The 2.12 chart no longer renders its Namespace: an upgrade would delete it, and everything in it.
      cluster: 'handover',
      operations: [{ op: 'remove', path: 'namespace', why: releaseNamespace }],
    },
    {
      chart: 'linkerd2-cni',
      // The 2.12 chart no longer renders its Namespace: an upgrade would delete it, and everything in it.
      cluster: 'handover',
      operations: [
        { op: 'remove', path: 'namespace', why: releaseNamespace },
        { op: 'remove', path: 'installNamespace', why: releaseNamespace },
        { op: 'move', from: 'cniPluginImage', to: 'image.name' },
        {
          op: 'remove',
          path: 'cniPluginVersion',
          only: 'old-default',
          why: 'the CNI plugin is versioned on its own from 2.12 (v1.x); the old Linkerd version tag does not exist for it',
        },
        { op: 'move', from: 'cniPluginVersion', to: 'image.version' },
      ],
    },
  ],
  followUps: [
    {
      chart: 'linkerd2',
      text: 'Hand the old release\'s objects to linkerd-crds and linkerd-control-plane (annotations), install linkerd-crds first, then linkerd-control-plane, then delete only the old release\'s storage secrets; never helm uninstall the old linkerd2 release (helm-migrate plan does all of this).',
    },
    { chart: 'linkerd2', text: 'If you use TrafficSplit resources, install linkerd-smi and let it adopt the trafficsplits.split.smi-spec.io CRD before anything removes it.' },
    { chart: 'linkerd-viz', text: 'Reinstall linkerd-viz with -n linkerd-viz --create-namespace; Grafana is no longer included.' },
    { chart: 'linkerd-jaeger', text: 'Reinstall linkerd-jaeger with -n linkerd-jaeger --create-namespace.' },
    { chart: 'linkerd-multicluster', text: 'Reinstall linkerd-multicluster with --create-namespace, then re-link every cluster: the reinstall deletes the Link resources.' },
    { chart: 'linkerd2-cni', text: 'Reinstall linkerd2-cni with -n linkerd-cni --create-namespace.' },
    { text: 'Restart meshed workloads (kubectl rollout restart) so their proxies match the new control plane.' },
  ],
  example: {
    chart: 'linkerd2',
    values: `namespace: linkerd
installNamespace: true
policyController:
  # deny anything no Server allows
  defaultAllowPolicy: deny
`,
  },
});
