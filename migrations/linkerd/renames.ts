/**
 * Objects Linkerd's charts renamed, checked by the render oracle: at 2.10 the dashboard, tap,
 * Prometheus and Grafana left linkerd2 for linkerd-viz and lost their `linkerd-` prefix; at 2.11
 * the service-profile validator became a container of the destination Deployment; the 2.9
 * tracing add-on's collector and Jaeger became linkerd-jaeger's, without the prefix; at edge the
 * control plane's PodMonitor for the service mirror is named for the multicluster controller
 * that replaced it (and also scrapes that controller's pods).
 */
export const objectRenames: Record<string, string[]> = {
  'Deployment/linkerd-web': ['Deployment/web'],
  'Deployment/linkerd-tap': ['Deployment/tap'],
  'Deployment/linkerd-prometheus': ['Deployment/prometheus'],
  'Deployment/linkerd-grafana': ['Deployment/grafana'],
  'Service/linkerd-web': ['Service/web'],
  'Service/linkerd-tap': ['Service/tap'],
  'Service/linkerd-prometheus': ['Service/prometheus'],
  'Service/linkerd-grafana': ['Service/grafana'],
  'ConfigMap/linkerd-prometheus-config': ['ConfigMap/prometheus-config'],
  'ConfigMap/linkerd-grafana-config': ['ConfigMap/grafana-config'],
  'Deployment/linkerd-sp-validator': ['Deployment/linkerd-destination'],
  'Deployment/linkerd-collector': ['Deployment/collector'],
  'Deployment/linkerd-jaeger': ['Deployment/jaeger'],
  'Service/linkerd-collector': ['Service/collector'],
  'Service/linkerd-jaeger': ['Service/jaeger'],
  'ServiceAccount/linkerd-collector': ['ServiceAccount/collector'],
  'ServiceAccount/linkerd-jaeger': ['ServiceAccount/jaeger'],
  'ConfigMap/linkerd-collector-config': ['ConfigMap/collector-config'],
  'PodMonitor/linkerd-service-mirror': ['PodMonitor/linkerd-multicluster-controller'],
};
