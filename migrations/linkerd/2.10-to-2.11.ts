import { defineMigration } from '../../src/core/define.js';
import { betaOsToGa } from './node-selector.js';
import { boolToEnabledMap } from './transforms.js';
import type { HookContext } from '../../src/core/types.js';

/**
 * 2.11's Grafana logs at `grafana.logLevel`, else `defaultLogLevel`; 2.10's ignored both and
 * logged at Grafana's own level, info. A defaultLogLevel set for the viz components would start
 * to reach Grafana, so Grafana's level is kept as it ran.
 */
function grafanaLogLevel(ctx: HookContext): void {
  const level = ctx.get('defaultLogLevel');
  if (level === undefined || level === 'info' || ctx.has('grafana.logLevel') || ctx.get('grafana.enabled') === false) return;
  ctx.set('grafana.logLevel', 'info');
  ctx.note(`grafana.logLevel: info set: from 2.11 Grafana would log at defaultLogLevel (${String(level)}), which 2.10's Grafana ignored; remove the line to have it follow`, 'info');
}

const vizAnchors = 'the 2.11 chart reads a per-component copy, which only its own values.yaml ties to the root value';

export default defineMigration({
  from: '2.10',
  to: '2.11',
  summary: 'the controller pod and its settings go, crtExpiry is no longer needed, node selectors use kubernetes.io/os, and multicluster gateway settings are grouped under gateway',
  // Only when the migration produces both files, i.e. it started at 2.9, where the control
  // plane's pod annotations also applied to the viz pods (see 2.9-to-2.10.ts).
  shared: [
    {
      from: 'linkerd2:podAnnotations',
      to: 'linkerd-viz:podAnnotations',
      why: 'the 2.9 chart also annotated the dashboard, tap, Prometheus and Grafana pods; viz renders podAnnotations from 2.11',
    },
  ],
  charts: [
    {
      chart: 'linkerd2',
      operations: [
        betaOsToGa,
        { op: 'remove', path: 'identity.issuer.crtExpiry', why: 'no longer required or read from 2.11.1 on (the issuer expiry annotation is gone)', severity: 'info' },
        { op: 'remove', path: 'omitWebhookSideEffects', why: 'webhooks always declare no side effects now' },
        { op: 'remove', path: 'publicAPIResources', why: 'the controller pod was removed in 2.11' },
        { op: 'remove', path: 'publicAPIProxyResources', why: 'the controller pod was removed in 2.11' },
        { op: 'remove', path: 'controllerResources', why: 'the controller pod was removed in 2.11' },
        { op: 'remove', path: 'spValidatorProxyResources', why: 'not read by the 2.11 chart' },
      ],
    },
    {
      chart: 'linkerd-viz',
      operations: [
        betaOsToGa,
        { op: 'hook', name: 'grafana-log-level', run: grafanaLogLevel, why: 'Grafana follows defaultLogLevel from 2.11' },
        // 2.11 gives metrics-api, Grafana and Prometheus their own nodeSelector/tolerations, set to
        // the root ones by YAML anchors inside the chart's values.yaml: a root value in the user's
        // file no longer reaches them, so it is copied to each.
        ...['metricsAPI', 'grafana', 'prometheus'].flatMap((c) => [
          { op: 'copy' as const, from: 'nodeSelector', to: `${c}.nodeSelector`, why: vizAnchors },
          { op: 'copy' as const, from: 'tolerations', to: `${c}.tolerations`, why: vizAnchors },
        ]),
      ],
    },
    {
      chart: 'linkerd-jaeger',
      operations: [
        { op: 'remove', path: 'collector.jaegerAddr', why: 'the 2.11 collector is configured through collector.config (OpenTelemetry collector YAML)' },
        {
          op: 'remove',
          path: 'collector.image.name',
          only: 'old-default',
          why: 'the 2.11 collector is the OpenTelemetry collector; the old OpenCensus image cannot read its configuration',
        },
        {
          op: 'remove',
          path: 'collector.image.version',
          only: 'old-default',
          why: 'the version belonged to the OpenCensus collector image',
        },
      ],
    },
    {
      chart: 'linkerd-multicluster',
      operations: [
        { op: 'reshape', from: 'gateway', to: 'gateway.enabled', transform: boolToEnabledMap, why: 'gateway settings are grouped under gateway' },
        { op: 'move', from: 'gatewayName', to: 'gateway.name' },
        { op: 'move', from: 'gatewayPort', to: 'gateway.port' },
        { op: 'move', from: 'gatewayServiceType', to: 'gateway.serviceType' },
        // The nginx gateway that answered probes on 4181:/health is gone; the pause-container
        // gateway is probed on the proxy's admin port. Carrying the old default would break it.
        { op: 'remove', path: 'gatewayProbePort', only: 'old-default', why: 'the nginx gateway that answered on 4181 is gone; the new gateway is probed on 4191' },
        { op: 'remove', path: 'gatewayProbePath', only: 'old-default', why: 'the nginx gateway that answered /health is gone; the new gateway is probed on /ready' },
        { op: 'move', from: 'gatewayProbePort', to: 'gateway.probe.port' },
        { op: 'move', from: 'gatewayProbePath', to: 'gateway.probe.path' },
        { op: 'move', from: 'gatewayProbeSeconds', to: 'gateway.probe.seconds' },
        { op: 'move', from: 'gatewayServiceAnnotations', to: 'gateway.serviceAnnotations' },
        { op: 'move', from: 'loadBalancerIP', to: 'gateway.loadBalancerIP' },
        { op: 'remove', path: 'gatewayLocalProbePath', why: 'nginx was replaced by a pause container' },
        { op: 'remove', path: 'gatewayLocalProbePort', why: 'nginx was replaced by a pause container' },
        { op: 'remove', path: 'gatewayNginxImage', why: 'nginx was replaced by a pause container' },
        { op: 'remove', path: 'gatewayNginxImageVersion', why: 'nginx was replaced by a pause container' },
      ],
    },
    {
      chart: 'linkerd-multicluster-link',
      operations: [
        { op: 'remove', path: 'gatewayProbePort', only: 'old-default', why: 'the nginx gateway that answered on 4181 is gone; the new gateway is probed on 4191' },
        { op: 'move', from: 'gatewayProbePort', to: 'gateway.probe.port' },
      ],
    },
  ],
  followUps: [
    { chart: 'linkerd-multicluster', text: 'Re-link every target cluster (linkerd multicluster link) after upgrading: the gateway changed from nginx to a pause container.' },
    { chart: 'linkerd-multicluster-link', text: 'Re-create links with `linkerd multicluster link` rather than upgrading old link releases.' },
    { chart: 'linkerd2', text: 'PodSecurityPolicies are no longer installed by default: set enablePSP: true if your cluster still enforces them.' },
    { chart: 'linkerd2', text: 'Ports 4567,4568 are now skipped by proxy-init and 443 is no longer opaque by default: review proxy.opaquePorts and proxyInit.ignore*Ports.' },
    { text: 'Restart meshed workloads (kubectl rollout restart) so their proxies match the new control plane.' },
  ],
  example: {
    chart: 'linkerd-multicluster',
    values: `gateway: true
gatewayName: linkerd-gateway
gatewayPort: 4143
gatewayProbePort: 4181
gatewayServiceType: NodePort
`,
  },
});
