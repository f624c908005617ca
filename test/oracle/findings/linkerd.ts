import type { Finding } from './index.js';

/**
 * What the render oracle finds on the Linkerd pack and the pack does not fix. Each `why` starts
 * with what it is: `open:` a migration gap still to fix (each one a lost customization today),
 * `upstream:` the target chart behaves so whatever the values, `oracle:` the comparison cannot
 * see that the setting survived (it moved somewhere a render does not show).
 */
export const linkerd: Finding[] = [
  { step: '2.8', chart: 'linkerd2', scope: 'leaves', leaves: "grafana.enabled", why: 'upstream: 2.8 left the Grafana scrape job out with Grafana disabled; the 2.9 Prometheus add-on keeps the (empty) job whatever grafana.enabled' },
  { step: '2.9', chart: 'linkerd2', scope: 'leaves', leaves: "global.namespace", why: 'upstream: the add-ons now live in linkerd-viz, which installs into its own namespace (the control-plane namespace is carried as linkerdNamespace)' },
  { step: '2.9', chart: 'linkerd2', scope: 'leaves', leaves: "global.podAnnotations", why: 'upstream: linkerd-viz 2.10.2 cannot render podAnnotations (its Prometheus template fails on them); a run to 2.11 or later copies them (shared), and the report says so' },
  { step: '2.9', chart: 'linkerd2', scope: 'leaves', leaves: "global.proxyInit.xtMountPath.name", why: 'oracle: xtMountPath belongs to the injected proxy-init of viz pods, configured by the control plane at admission' },
  { step: '2.9', chart: 'linkerd2', scope: 'leaves', leaves: "global.proxy.trace.collectorSvcAddr", why: 'upstream: 2.9 traced the control plane\'s own proxies to this collector; 2.10 traces them only with controlPlaneTracing (to linkerd-jaeger\'s collector). Carried to linkerd-jaeger for workloads; the report notes the control-plane change' },
  { step: '2.9', chart: 'linkerd2', scope: 'leaves', leaves: "global.proxy.trace.collectorSvcAccount", why: 'upstream: as collectorSvcAddr: the control plane\'s own tracing needs controlPlaneTracing from 2.10' },
  { step: '2.9', chart: 'linkerd2', scope: 'leaves', leaves: "global.proxyInit.xtMountPath.mountPath,global.proxyInit.xtMountPath.name", why: 'oracle: xtMountPath belongs to the injected proxy-init of viz pods, configured by the control plane at admission' },
  { step: '2.9', chart: 'linkerd2', scope: 'leaves', leaves: "controllerImage", why: 'upstream: 2.9 ran tap from the controller image; viz tap has an image of its own, so only a registry mirror carries over (tap.image.registry), and a bare image name cannot' },
  { step: '2.9', chart: 'linkerd2', scope: 'leaves', leaves: "global.namespace,global.controllerNamespaceLabel", why: 'upstream: 2.10 hard-codes the label key (reported dropped) and viz objects live in the viz namespace' },
  { step: '2.9', chart: 'linkerd2', scope: 'leaves', leaves: "global.namespace,global.workloadNamespaceLabel", why: 'upstream: 2.10 hard-codes the label key (reported dropped) and viz pods live in the viz namespace' },
  { step: '2.9', chart: 'linkerd2', scope: 'leaves', leaves: "global.linkerdVersion,controllerImage", why: 'upstream: as controllerImage: tap\'s own image keeps the pinned version (carried to viz linkerdVersion) but not the controller image name' },
  { step: '2.9', chart: 'linkerd2', scope: 'leaves', leaves: "global.controlPlaneTracing", why: 'upstream: linkerd-viz has no control-plane tracing of its own pods' },
  { step: '2.9', chart: 'linkerd2-cni', scope: 'leaves', leaves: "proxyInjectAnnotation,proxyInjectDisabled", why: 'upstream: the 2.10 CNI chart hard-codes the namespace annotation key' },
  { step: '2.10', chart: 'linkerd2', scope: 'ha', leaves: "enablePodAntiAffinity", why: 'upstream: the PodDisruptionBudget protected the controller pod, which 2.11 removes' },
  { step: '2.11', chart: 'linkerd2', scope: 'leaves', leaves: "linkerdVersion", why: 'upstream: the 2.12 linkerd-crds chart renders "linkerd/helm %!s(<nil>)" in its created-by annotation whatever the values, and 2.12 annotates fewer objects with the version' },
  { step: '2.12', chart: 'linkerd-control-plane', scope: 'leaves', leaves: "proxy.waitBeforeExitSeconds", why: 'oracle: 2.13 renders the preStop hook of the control-plane pods differently (/bin/sleep split); the seconds survive' },
  { step: '2.12', chart: 'linkerd-control-plane', scope: 'leaves', leaves: "cniEnabled", why: 'upstream: the CNI validator init container changed shape between these releases' },
  { step: '2.12', chart: 'linkerd-viz', scope: 'leaves', leaves: "prometheus.enabled", why: 'oracle: with an external Prometheus (required once the bundled one is off) 2.13 passes its URL to the namespace-metadata Job as a flag rather than inside a shell script; the URL is carried' },
  { step: '2.12', chart: 'linkerd-jaeger', scope: 'leaves', leaves: "jaeger.enabled", why: 'upstream: the 2.13 jaeger chart renders the jaeger Server resources whatever jaeger.enabled' },
  { step: '2.14', chart: 'linkerd-control-plane', scope: 'leaves', leaves: "policyController.image.name,policyController.image.version", why: 'upstream: edge runs the policy controller from the controller image; both values are dropped and reported (each alone is a verified drop)' },
  { step: '2.14', chart: 'linkerd-control-plane', scope: 'leaves', leaves: "proxyInit.runAsUser", why: 'upstream: perturbed together with closeWaitTimeoutSecs, which edge only renders with runAsRoot (set and reported), and root overrides runAsUser' },
  { step: '2.14', chart: 'linkerd-control-plane', scope: 'leaves', leaves: "proxyInit.image.name,proxyInit.image.version", why: 'upstream: edge runs proxy-init from the proxy image; both values are dropped and reported (each alone is a verified drop)' },
  { step: '2.14', chart: 'linkerd-control-plane', scope: 'leaves', leaves: "enableEndpointSlices", why: 'upstream: edge always grants the destination controller EndpointSlice access' },
  { step: '2.14', chart: 'linkerd-control-plane', scope: 'leaves', leaves: "cniEnabled", why: 'upstream: the CNI validator init container changed shape between these releases' },
  { step: '2.14', chart: 'linkerd2-cni', scope: 'leaves', leaves: "repairController.enabled", why: 'upstream: the edge repair controller listens on another admin address' },
  // The other direction (see verify/added.ts): effects of the migrated values on the target
  // render that the source render did not have, and that no note of the migration speaks for.
  { step: '2.9', chart: 'linkerd2', scope: 'leaves', leaves: "added:prometheus.enabled", why: 'oracle: without Prometheus viz 2.10 needs prometheusUrl, and the placeholder the oracle gives it is what Grafana then reads; 2.9 left Grafana pointing at the Prometheus it no longer ran' },
  { step: '2.12', chart: 'linkerd-viz', scope: 'leaves', leaves: "added:prometheus.enabled", why: 'oracle: the Prometheus URL is the oracle\'s placeholder, not a marker, so the flag extension-init takes it with (--prometheus-url, new in 2.13) is not seen as the chart\'s syntax around it; a user\'s URL carries it' },
];
