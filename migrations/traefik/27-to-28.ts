import { defineMigration } from '../../src/core/define.js';
import { openTelemetryToOtlp } from './otlp.js';
import { dropProxyBelow } from './proxy-version.js';

const v2Tracer = (name: string) => ({
  op: 'remove' as const,
  path: `tracing.${name}`,
  why: `Traefik v3 traces only over OpenTelemetry: the ${name} tracer is gone. Point tracing.otlp at an OpenTelemetry collector (most ${name} backends accept OTLP)`,
  severity: 'warning' as const,
});

/**
 * Chart 28 runs Traefik Proxy v3: exporters other than OpenTelemetry are gone, OpenTelemetry is
 * now OTLP with its own shape, and the CRDs move to the traefik.io group (a cluster step the
 * plan takes care of, not a values change).
 */
export default defineMigration({
  from: '27',
  to: '28',
  summary: 'Traefik Proxy v3: openTelemetry → otlp for metrics and tracing, v2-only tracers and InfluxDB v1 gone, general log level default INFO (kept at ERROR as it was)',
  charts: [
    {
      chart: 'traefik',
      operations: [
        { op: 'hook', name: 'proxy-v3-only', run: dropProxyBelow('3.0.0', '28', 'This version of the Chart only supports Traefik Proxy v3'), why: 'chart 28 runs Traefik Proxy v3 only' },
        { op: 'hook', name: 'metrics-otlp', run: openTelemetryToOtlp('metrics'), why: 'Traefik v3 exports metrics over OTLP' },
        { op: 'hook', name: 'tracing-otlp', run: openTelemetryToOtlp('tracing'), why: 'Traefik v3 traces over OTLP' },
        ...['jaeger', 'zipkin', 'datadog', 'instana', 'haystack', 'elastic'].map(v2Tracer),
        {
          op: 'remove',
          path: 'metrics.influxdb',
          why: 'Traefik v3 dropped InfluxDB v1: to keep sending metrics to InfluxDB, set metrics.influxdb2 (address, token, org, bucket)',
          severity: 'warning',
        },
        { op: 'keep-old-default', path: 'logs.general.level', value: 'ERROR', why: 'chart 28 logs at INFO by default. Remove the line to log at INFO' },
      ],
    },
  ],
  followUps: [
    {
      chart: 'traefik',
      text: 'Traefik v3 ignores the traefik.containo.us CRDs: apply the traefik.io CRDs, convert every IngressRoute, Middleware and other Traefik resource to traefik.io/v1alpha1, then delete the old CRDs (helm-migrate plan does the CRD part). core.defaultRuleSyntax: v2 keeps v2 router rules working during the move.',
    },
  ],
  example: {
    chart: 'traefik',
    values: 'image:\n  tag: v3.0.0\ntracing:\n  openTelemetry:\n    address: otel-collector.observability:4318\n    insecure: true\n',
  },
});
