import { defineMigration } from '../../src/core/define.js';
import type { HookContext } from '../../src/core/types.js';
import { imageToNameVersion, imageToRegistry, imageToRegistryNameTag } from './transforms.js';

const hardCoded = 'hard-coded in the 2.10 templates (the 2.9 chart marked it "do not edit")';
const vizBuildsImage = 'the viz chart builds the same image from defaultRegistry and the release version';

/**
 * With the tracing add-on on, proxies were pointed at the add-on's own collector
 * (`linkerd-collector.<namespace>:55678`). linkerd-jaeger runs its collector elsewhere and points
 * its injector at it by default; carrying the old address would send every span nowhere.
 */
function dropAddonCollector(ctx: HookContext): void {
  if (ctx.get('tracing.enabled') !== true) return;
  const addr = ctx.get('global.proxy.trace.collectorSvcAddr');
  if (typeof addr === 'string' && /^linkerd-collector\.[a-z0-9-]+(\.svc(\.[a-z0-9.-]+)?)?:55678$/.test(addr)) {
    ctx.remove('global.proxy.trace.collectorSvcAddr', "the tracing add-on's own collector; linkerd-jaeger points proxies at its collector by default");
  }
  if (ctx.get('global.proxy.trace.collectorSvcAccount') === 'linkerd-collector') {
    ctx.remove('global.proxy.trace.collectorSvcAccount', "the tracing add-on's own collector account; linkerd-jaeger uses its own");
  }
}

/**
 * With the tracing add-on on, the 2.9 dashboard linked each resource to Jaeger. The 2.10
 * dashboard does so only with viz `jaegerUrl`, which points at linkerd-jaeger's Jaeger.
 */
function dashboardJaegerLink(ctx: HookContext): void {
  if (ctx.get('tracing.enabled') !== true || ctx.has('linkerd-viz:jaegerUrl')) return;
  const domain = (ctx.get('global.clusterDomain') as string | undefined) || 'cluster.local';
  const url = `jaeger.linkerd-jaeger.svc.${domain}:16686`;
  ctx.set('linkerd-viz:jaegerUrl', url);
  ctx.note(`the dashboard's Jaeger links now point at linkerd-jaeger's Jaeger (${url}), where the tracing add-on's went: install linkerd-jaeger for them to work`, 'info', [{ object: 'Deployment/web', field: 'jaeger-addr' }]);
}

/**
 * 2.9's Grafana and Prometheus add-ons were subcharts that read their own nodeSelector and
 * tolerations (unset), not the root ones; viz applies one of each to all its pods. A root value
 * copied to viz (for tap and the dashboard, which it did place) now places them too.
 */
function vizSchedulingReachesAddons(ctx: HookContext): void {
  const selector = ctx.get('nodeSelector');
  const chartDefault = JSON.stringify({ 'beta.kubernetes.io/os': 'linux' });
  const set = [...(selector !== undefined && JSON.stringify(selector) !== chartDefault ? ['nodeSelector'] : []), ...(ctx.has('tolerations') ? ['tolerations'] : [])];
  const addons = ['grafana', 'prometheus'].filter((a) => ctx.get(`${a}.enabled`) !== false);
  if (!set.length || !addons.length) return;
  ctx.note(
    `${set.join(' and ')} also applies to ${addons.map((a) => (a === 'grafana' ? 'Grafana' : 'Prometheus')).join(' and ')} in linkerd-viz (one value for all its pods), which 2.9 scheduled without ${set.length > 1 ? 'them' : 'it'}`,
    'info',
    addons.flatMap((a) => set.map((field) => ({ object: `Deployment/${a}`, field }))),
  );
}

/**
 * 2.9's proxy-init pulled by global.proxyInit.image.pullPolicy alone; 2.10's falls back to
 * imagePullPolicy when its own is empty (its default now), so the control plane's pull policy
 * reaches proxy-init.
 */
function proxyInitPullPolicy(ctx: HookContext): void {
  const policy = ctx.get('global.imagePullPolicy');
  // 2.9's proxy-init policy was tied to the chart's own default (IfNotPresent) by a YAML anchor.
  if (typeof policy !== 'string' || !policy || policy === 'IfNotPresent' || ctx.has('global.proxyInit.image.pullPolicy')) return;
  ctx.note(`global.imagePullPolicy (${policy}) now also decides how the control plane's proxy-init pulls its image, which 2.9 pulled IfNotPresent`, 'info', [
    { object: 'Deployment/*', field: 'initContainers[linkerd-init].imagePullPolicy' },
  ]);
}

/** 2.9's Prometheus scraped Grafana whether or not it ran; viz only when it does. */
function grafanaOffNotScraped(ctx: HookContext): void {
  if (ctx.get('grafana.enabled') !== false || ctx.get('prometheus.enabled') === false) return;
  ctx.note('grafana.enabled: false: viz\'s Prometheus no longer has a scrape job for Grafana (2.9\'s kept one, finding nothing)', 'info', ['ConfigMap/prometheus-config', 'Deployment/prometheus'].map((object) => ({ object, field: 'scrape_configs[grafana]' })));
}

/**
 * 2.9's controlPlaneTracing only gave the control-plane proxies their pod labels; 2.10 also makes
 * every control-plane component send its own spans to linkerd-jaeger's collector.
 */
function controlPlaneTracingSpans(ctx: HookContext): void {
  if (ctx.get('global.controlPlaneTracing') !== true) return;
  ctx.note(
    'global.controlPlaneTracing: from 2.10 the control-plane components also send their own spans (-trace-collector) to linkerd-jaeger\'s collector (collector.<controlPlaneTracingNamespace>:55678); install linkerd-jaeger, or set controlPlaneTracing: false to keep them quiet',
    'info',
    [{ object: 'Deployment/*', field: 'trace-collector' }],
  );
}

/**
 * 2.9 traced the control plane's own proxies to `global.proxy.trace.collectorSvcAddr`; 2.10
 * traces them only with `controlPlaneTracing: true`, to `collector.<controlPlaneTracingNamespace>`.
 */
/**
 * 2.9's heartbeat CronJob queried `global.prometheusUrl` when set; 2.10 to 2.13 hard-code
 * linkerd-viz's Prometheus there, and no value points it elsewhere (2.14 reads prometheusUrl
 * again). The URL still reaches linkerd-viz; that the heartbeat loses it is said.
 */
function heartbeatPrometheus(ctx: HookContext): void {
  const url = ctx.get('global.prometheusUrl');
  if (typeof url !== 'string' || !url) return;
  ctx.note(`global.prometheusUrl (${url}) goes to linkerd-viz as prometheusUrl, but from 2.10 the heartbeat CronJob always queries linkerd-viz's own Prometheus (http://prometheus.linkerd-viz…:9090), and no value of 2.10–2.13 points it elsewhere (2.14 reads prometheusUrl again): without linkerd-viz's Prometheus the heartbeat reports no metrics`, 'warning');
}

function controlPlaneTraceNote(ctx: HookContext): void {
  const addr = ctx.get('global.proxy.trace.collectorSvcAddr');
  if (typeof addr !== 'string' || addr === '') return;
  ctx.note(
    `2.9 also sent the control plane's own spans to ${addr}; 2.10 does that only with controlPlaneTracing: true, to collector.<controlPlaneTracingNamespace>:55678 (linkerd-jaeger's collector)`,
    'warning',
  );
}

/**
 * 2.9 annotated the viz pods with global.podAnnotations too, but linkerd-viz 2.10.2 cannot
 * render podAnnotations (its Prometheus template pipes the map to trim and fails). The step to
 * 2.11 carries them over (`shared`); going only to 2.10, the user is told.
 */
function vizAnnotationsLater(ctx: HookContext): void {
  if (ctx.get('global.podAnnotations') === undefined) return;
  ctx.note('global.podAnnotations also annotated the dashboard, tap, Prometheus and Grafana pods; linkerd-viz 2.10 fails to render podAnnotations, so a run to 2.11 or later copies them to linkerd-viz (migrating to 2.10 only: add them to linkerd-viz values once on 2.11)', 'warning');
}

export default defineMigration({
  from: '2.9',
  to: '2.10',
  summary: 'global.* moves to the top level; the dashboard, Prometheus, Grafana and tap leave for the new linkerd-viz chart, tracing for linkerd-jaeger; multicluster charts are renamed',
  charts: [
    {
      chart: 'linkerd2',
      becomes: [
        { chart: 'linkerd2', inherits: true },
        { chart: 'linkerd-viz', emit: 'always', why: 'the dashboard, metrics and tap left the core chart: install linkerd-viz to keep them' },
        {
          chart: 'linkerd-jaeger',
          emit: 'when-values',
          emitWhen: { path: 'tracing.enabled', equals: true },
          why: 'the tracing add-on and its settings are the linkerd-jaeger chart now: install it to keep tracing',
        },
      ],
      operations: [
        // Values that leave global for other charts go first; the rest is hoisted below.
        { op: 'hook', name: 'heartbeat-prometheus', run: heartbeatPrometheus, why: 'the heartbeat no longer reads prometheusUrl in 2.10–2.13' },
        { op: 'move', from: 'global.prometheusUrl', to: 'linkerd-viz:prometheusUrl' },
        { op: 'move', from: 'global.grafanaUrl', to: 'linkerd-viz:grafanaUrl' },
        { op: 'move', from: 'global.proxyContainerName', to: 'linkerd-viz:proxyContainerName' },
        { op: 'hook', name: 'control-plane-tracing-spans', run: controlPlaneTracingSpans, why: 'controlPlaneTracing also traces the components from 2.10' },
        { op: 'hook', name: 'control-plane-trace-note', run: controlPlaneTraceNote, why: 'control-plane tracing needs controlPlaneTracing from 2.10' },
        { op: 'hook', name: 'dashboard-jaeger-link', run: dashboardJaegerLink, why: 'tracing add-on → viz jaegerUrl (the dashboard\'s Jaeger links)' },
        { op: 'hook', name: 'addon-collector-address', run: dropAddonCollector, why: 'the add-on collector address → linkerd-jaeger\'s own' },
        {
          op: 'remove',
          path: 'global.proxy.trace.collectorSvcAddr',
          only: 'old-default',
          why: 'empty meant "no tracing"; linkerd-jaeger has its own collector address',
        },
        {
          op: 'remove',
          path: 'global.proxy.trace.collectorSvcAccount',
          only: 'old-default',
          why: 'linkerd-jaeger has its own collector service account',
        },
        { op: 'move', from: 'global.proxy.trace.collectorSvcAddr', to: 'linkerd-jaeger:webhook.collectorSvcAddr' },
        { op: 'move', from: 'global.proxy.trace.collectorSvcAccount', to: 'linkerd-jaeger:webhook.collectorSvcAccount' },
        // Settings viz shares with the control plane are copied (when customized), not moved.
        { op: 'copy', from: 'global.clusterDomain', to: 'linkerd-viz:clusterDomain' },
        { op: 'copy', from: 'global.identityTrustDomain', to: 'linkerd-viz:identityTrustDomain' },
        { op: 'copy', from: 'global.namespace', to: 'linkerd-viz:linkerdNamespace' },
        { op: 'copy', from: 'global.imagePullSecrets', to: 'linkerd-viz:imagePullSecrets' },
        { op: 'copy', from: 'global.imagePullPolicy', to: 'linkerd-viz:defaultImagePullPolicy' },
        { op: 'hook', name: 'proxy-init-pull-policy', run: proxyInitPullPolicy, why: 'proxy-init falls back to imagePullPolicy from 2.10' },
        { op: 'hook', name: 'viz-pod-annotations-later', run: vizAnnotationsLater, why: 'global.podAnnotations → linkerd-viz from 2.11' },
        { op: 'copy', from: 'global.podLabels', to: 'linkerd-viz:podLabels', why: 'the 2.9 chart also labelled the dashboard, tap, Prometheus and Grafana pods' },
        // The 2.9 root scheduling settings also placed the add-on pods; viz reads its own.
        { op: 'copy', from: 'nodeSelector', to: 'linkerd-viz:nodeSelector', why: 'the 2.9 nodeSelector also placed tap and the dashboard' },
        { op: 'copy', from: 'tolerations', to: 'linkerd-viz:tolerations', why: 'the 2.9 tolerations also applied to tap and the dashboard' },
        { op: 'hook', name: 'grafana-off-not-scraped', run: grafanaOffNotScraped, why: 'viz scrapes Grafana only when it runs' },
        { op: 'hook', name: 'viz-scheduling-reaches-addons', run: vizSchedulingReachesAddons, why: 'viz schedules Prometheus and Grafana by the same nodeSelector and tolerations' },
        { op: 'copy', from: 'enablePodAntiAffinity', to: 'linkerd-viz:enablePodAntiAffinity', why: 'in 2.9 it also spread tap replicas and rolled them one at a time' },
        // A custom version pin (a mirrored tag) pinned every pod the 2.9 chart rendered, viz included.
        { op: 'copy', from: 'global.linkerdVersion', to: 'linkerd-viz:linkerdVersion', why: 'the 2.9 pin also applied to the dashboard, tap, Prometheus and Grafana' },
        { op: 'remove', path: 'global.createdByAnnotation', why: hardCoded },
        { op: 'remove', path: 'global.proxyInjectAnnotation', why: hardCoded },
        { op: 'remove', path: 'global.proxyInjectDisabled', why: hardCoded },
        { op: 'remove', path: 'global.controllerComponentLabel', why: hardCoded },
        { op: 'remove', path: 'global.controllerNamespaceLabel', why: hardCoded },
        { op: 'remove', path: 'global.linkerdNamespaceLabel', why: hardCoded },
        { op: 'remove', path: 'global.workloadNamespaceLabel', why: hardCoded },
        { op: 'hoist', from: 'global', why: 'the 2.10 chart has no global scope' },
        { op: 'remove', path: 'identity.issuer.crtExpiryAnnotation', why: hardCoded },
        { op: 'remove', path: 'nameOverride', why: 'no longer read by the 2.10 chart' },
        { op: 'remove', path: 'fullnameOverride', why: 'no longer read by the 2.10 chart' },
        // The dashboard (web) and tap.
        { op: 'move', from: 'dashboard.replicas', to: 'linkerd-viz:dashboard.replicas' },
        { op: 'move', from: 'enforcedHostRegexp', to: 'linkerd-viz:dashboard.enforcedHostRegexp' },
        { op: 'move', from: 'restrictDashboardPrivileges', to: 'linkerd-viz:dashboard.restrictPrivileges' },
        { op: 'remove', path: 'webImage', only: 'old-default', why: vizBuildsImage },
        { op: 'reshape', from: 'webImage', to: 'linkerd-viz:dashboard.image', transform: imageToRegistryNameTag },
        { op: 'move', from: 'webResources', to: 'linkerd-viz:dashboard.resources' },
        { op: 'move', from: 'webProxyResources', to: 'linkerd-viz:dashboard.proxy.resources' },
        { op: 'move', from: 'tap', to: 'linkerd-viz:tap' },
        { op: 'move', from: 'tapResources', to: 'linkerd-viz:tap.resources' },
        { op: 'move', from: 'tapProxyResources', to: 'linkerd-viz:tap.proxy.resources' },
        // In 2.9 the controller's replica count and UID also applied to tap (and the UID to web).
        { op: 'copy', from: 'controllerReplicas', to: 'linkerd-viz:tap.replicas', why: 'in 2.9 controllerReplicas also sized tap' },
        { op: 'copy', from: 'controllerUID', to: 'linkerd-viz:defaultUID', why: 'in 2.9 controllerUID also ran tap and the dashboard' },
        // 2.9 ran tap from the controller image; viz tap has its own image, from the same registry.
        { op: 'copy', from: 'controllerImage', to: 'linkerd-viz:tap.image', why: 'in 2.9 tap ran from controllerImage' },
        { op: 'reshape', from: 'linkerd-viz:tap.image', to: 'linkerd-viz:tap.image', transform: imageToRegistry },
        // Grafana and Prometheus (add-ons in 2.9) now belong to viz.
        { op: 'remove', path: 'grafana.image.name', only: 'old-default', why: vizBuildsImage },
        { op: 'move', from: 'grafana', to: 'linkerd-viz:grafana' },
        { op: 'reshape', from: 'linkerd-viz:grafana.image.name', to: 'linkerd-viz:grafana.image', transform: imageToRegistryNameTag },
        { op: 'remove', path: 'prometheus.image', only: 'old-default', why: 'viz ships the same Prometheus image by default' },
        { op: 'move', from: 'prometheus.alertManagers', to: 'prometheus.alertmanagers', why: 'viz spells it in lower case' },
        { op: 'move', from: 'prometheus', to: 'linkerd-viz:prometheus' },
        { op: 'reshape', from: 'linkerd-viz:prometheus.image', to: 'linkerd-viz:prometheus.image', transform: imageToRegistryNameTag },
        // Tracing (an add-on in 2.9) is the linkerd-jaeger chart.
        { op: 'remove', path: 'tracing.enabled', why: 'tracing is now the linkerd-jaeger chart (linkerd-jaeger.values.yaml is written when it was enabled): install it instead of enabling the add-on' },
        { op: 'remove', path: 'tracing.collector.image', only: 'old-default', why: 'linkerd-jaeger ships the same collector image by default' },
        { op: 'remove', path: 'tracing.jaeger.image', only: 'old-default', why: 'linkerd-jaeger ships the same Jaeger image by default' },
        { op: 'reshape', from: 'tracing.collector.image', to: 'linkerd-jaeger:collector.image', transform: imageToNameVersion },
        { op: 'reshape', from: 'tracing.jaeger.image', to: 'linkerd-jaeger:jaeger.image', transform: imageToNameVersion },
        { op: 'move', from: 'tracing.collector.resources', to: 'linkerd-jaeger:collector.resources' },
        { op: 'move', from: 'tracing.jaeger.resources', to: 'linkerd-jaeger:jaeger.resources' },
      ],
    },
    {
      chart: 'linkerd2-cni',
      operations: [
        { op: 'remove', path: 'cniResourceLabel', why: hardCoded },
        { op: 'remove', path: 'createdByAnnotation', why: hardCoded },
        { op: 'remove', path: 'proxyInjectAnnotation', why: hardCoded },
        { op: 'remove', path: 'proxyInjectDisabled', why: hardCoded },
      ],
    },
    {
      chart: 'linkerd2-multicluster',
      becomes: [{ chart: 'linkerd-multicluster', inherits: true }],
      operations: [
        { op: 'remove', path: 'controllerComponentLabel', why: hardCoded },
        { op: 'remove', path: 'createdByAnnotation', why: hardCoded },
        {
          op: 'remove',
          path: 'gatewayServiceAnnotations',
          severity: 'warning',
          dormant: 'annotations on the gateway Service (a cloud load balancer made internal, say)',
          why: '2.9 ignored it (the gateway Service got no annotations); from 2.10 it takes effect and would annotate the gateway Service, which can change the load balancer the cloud gives it (an internal one, another type): left out, so nothing changes. Set gatewayServiceAnnotations again to apply them',
        },
      ],
    },
    {
      chart: 'linkerd2-multicluster-link',
      becomes: [{ chart: 'linkerd-multicluster-link', inherits: true }],
      operations: [
        { op: 'remove', path: 'controllerComponentLabel', why: hardCoded },
        { op: 'remove', path: 'createdByAnnotation', why: hardCoded },
      ],
    },
  ],
  preconditions: [
    {
      fromVersions: '>=2.9.0 <2.9.4',
      text: 'installs upgraded to 2.9.0–2.9.3 with --prune lost the linkerd-config-overrides secret: run `linkerd repair` (2.9.3+ CLI) before upgrading to 2.10',
    },
  ],
  followUps: [
    { chart: 'linkerd2', text: 'Install the linkerd-viz chart with linkerd-viz.values.yaml to keep the dashboard, metrics and tap (upgrading linkerd2 removes them).' },
    { chart: 'linkerd2', text: 'If tracing was enabled, install the linkerd-jaeger chart (with linkerd-jaeger.values.yaml when written).' },
    { chart: 'linkerd2', text: 'Upgrade linkerd2 with --reset-values -f <the migrated file>; --reuse-values would keep the old global keys.' },
    { chart: 'linkerd2', text: 'If you ran 2.9.0–2.9.3 upgraded with --prune, run `linkerd repair` before this upgrade.' },
    { chart: 'linkerd2-multicluster', text: 'The multicluster charts are renamed linkerd-multicluster and linkerd-multicluster-link.' },
    { text: 'Restart meshed workloads (kubectl rollout restart) so their proxies match the new control plane.' },
  ],
  example: {
    chart: 'linkerd2',
    values: `global:
  # trust root for the mesh
  identityTrustAnchorsPEM: |
    -----BEGIN CERTIFICATE-----
    ...
  proxy:
    logLevel: warn,linkerd=debug
  grafanaUrl: grafana.monitoring:3000
dashboard:
  replicas: 2
webImage: registry.example.com/linkerd/web
`,
  },
});
