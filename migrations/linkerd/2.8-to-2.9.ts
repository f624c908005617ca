import { defineMigration } from '../../src/core/define.js';
import type { HookContext } from '../../src/core/types.js';

/** 2.8 put the created-by annotation on the CNI pods only; 2.9 also on the DaemonSet, under the same key. */
function daemonSetCreatedBy(ctx: HookContext): void {
  const key = ctx.get('createdByAnnotation');
  if (typeof key !== 'string' || !key || key === 'linkerd.io/created-by') return;
  ctx.note(`the linkerd-cni DaemonSet itself now carries the created-by annotation, under your key (${key})`, 'info', [{ object: 'DaemonSet/linkerd-cni', field: `annotations.${key}` }]);
}

const gcrImage = 'images moved from gcr.io/linkerd-io to cr.l5d.io/linkerd in 2.9; the old default is dropped so the new registry is used';

export default defineMigration({
  from: '2.8',
  to: '2.9',
  summary: 'Prometheus settings move under the prometheus add-on, controllerLogLevel under global, and the multicluster service mirror into the new per-link chart',
  charts: [
    {
      chart: 'linkerd2',
      operations: [
        { op: 'move', from: 'controllerLogLevel', to: 'global.controllerLogLevel' },
        {
          op: 'move',
          from: 'global.proxy.destinationGetNetworks',
          to: 'global.clusterNetworks',
          why: 'the proxy discovery networks became the cluster-wide clusterNetworks',
        },
        { op: 'move', from: 'prometheusImage', to: 'prometheus.image' },
        { op: 'move', from: 'prometheusExtraArgs', to: 'prometheus.args' },
        { op: 'move', from: 'prometheusLogLevel', to: 'prometheus.args."log.level"', why: 'the add-on passes log.level as a flag like any other arg' },
        { op: 'move', from: 'prometheusAlertmanagers', to: 'prometheus.alertManagers' },
        { op: 'move', from: 'prometheusRuleConfigMapMounts', to: 'prometheus.ruleConfigMapMounts' },
        { op: 'move', from: 'prometheusResources', to: 'prometheus.resources' },
        // 2.8 rendered Prometheus in the main chart with the root nodeSelector (2.8 has no
        // tolerations); the 2.9 add-on reads its own.
        { op: 'copy', from: 'nodeSelector', to: 'prometheus.nodeSelector', why: 'the 2.8 nodeSelector also placed Prometheus; the 2.9 add-on reads prometheus.nodeSelector' },
        { op: 'remove', path: 'smiMetrics', why: 'the SMI metrics component was removed in 2.9' },
        { op: 'remove', path: 'grafana.name', why: 'the Grafana add-on names itself since 2.9' },
        { op: 'remove', path: 'grafana.image.name', only: 'old-default', why: gcrImage },
        { op: 'remove', path: 'tracing.collector.name', why: 'the tracing add-on names its components since 2.9' },
        { op: 'remove', path: 'tracing.jaeger.name', why: 'the tracing add-on names its components since 2.9' },
        { op: 'remove', path: 'global.noInitContainer', why: 'replaced by global.cniEnabled; set it if you run the CNI plugin' },
        {
          op: 'remove',
          path: 'global.proxy.logFormat',
          only: { equals: 'json' },
          severity: 'warning',
          why: '2.8 ignored it (its proxies logged plain text whatever it said); from 2.9 it takes effect and would switch every proxy to JSON logs: left out, so nothing changes. Set global.proxy.logFormat: json again to have JSON logs',
          dormant: 'JSON logs in every proxy',
        },
        { op: 'remove', path: 'global.proxy.image.name', only: 'old-default', why: gcrImage },
        { op: 'remove', path: 'global.proxyInit.image.name', only: 'old-default', why: gcrImage },
        { op: 'remove', path: 'controllerImage', only: 'old-default', why: gcrImage },
        { op: 'remove', path: 'webImage', only: 'old-default', why: gcrImage },
        { op: 'remove', path: 'debugContainer.image.name', only: 'old-default', why: gcrImage },
      ],
    },
    {
      chart: 'linkerd2-cni',
      operations: [
        { op: 'remove', path: 'cniPluginImage', only: 'old-default', why: gcrImage },
        { op: 'hook', name: 'daemonset-created-by', run: daemonSetCreatedBy, why: 'the 2.9 DaemonSet carries the created-by annotation itself' },
      ],
    },
    {
      chart: 'linkerd2-multicluster',
      becomes: [
        { chart: 'linkerd2-multicluster', inherits: true },
        { chart: 'linkerd2-multicluster-link', emit: 'when-values', why: 'service mirror settings moved to the per-link chart' },
      ],
      operations: [
        { op: 'remove', path: 'controllerImage', only: 'old-default', why: gcrImage },
        { op: 'move', from: 'controllerImage', to: 'linkerd2-multicluster-link:controllerImage' },
        { op: 'move', from: 'controllerImageVersion', to: 'linkerd2-multicluster-link:controllerImageVersion' },
        { op: 'move', from: 'logLevel', to: 'linkerd2-multicluster-link:logLevel' },
        { op: 'move', from: 'serviceMirrorRetryLimit', to: 'linkerd2-multicluster-link:serviceMirrorRetryLimit' },
        { op: 'move', from: 'serviceMirrorUID', to: 'linkerd2-multicluster-link:serviceMirrorUID' },
        { op: 'remove', path: 'serviceMirror', why: 'there is one service mirror per link now, installed with the link' },
      ],
    },
  ],
  followUps: [
    { chart: 'linkerd2-multicluster', text: 'Multicluster changed in 2.9: follow the "upgrade multicluster" instructions and re-link every target cluster.' },
    { text: 'Images moved to cr.l5d.io/linkerd: mirror them first if you pull through a private registry.' },
  ],
  example: {
    chart: 'linkerd2',
    values: `controllerLogLevel: debug
prometheusLogLevel: warn
global:
  proxy:
    destinationGetNetworks: "10.0.0.0/8"
`,
  },
});
