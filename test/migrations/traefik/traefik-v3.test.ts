/**
 * Traefik chart 27 → 28 (Traefik Proxy v2 → v3), judged by the real charts: the OpenTelemetry
 * metrics and traces chart 27 exported are exported by chart 28 from the migrated values, to the
 * same collector (OTLP endpoint built from the old address, path and scheme), where the
 * unmigrated values export nothing; v2-only tracers are dropped with what to do.
 */
import { describe, expect, it } from 'vitest';
import { migrateText } from '../../helpers/migrate.js';
import { ready as needs } from '../../helpers/prereq.js';
import { hasTraefikChart, renderTraefik, traefik, traefikArgs } from '../../helpers/traefik.js';
import type { RenderResult } from '../../helpers/render.js';

const ready = needs('shared', 'binaries') && hasTraefikChart('27');
const render = (release: string, values: string): RenderResult => renderTraefik(release, values);
const args = (r: RenderResult): string[] => {
  expect(r.ok, r.error).toBe(true);
  return traefikArgs(r).filter((a) => /^--(metrics|tracing)\./.test(a) && !/prometheus/.test(a));
};

const input = `# OpenTelemetry needs Traefik v3, which chart 27 runs only when pinned
image:
  tag: v3.0.0
metrics:
  openTelemetry:
    address: otel-collector.observability:4317
    grpc: true
    insecure: true
    addRoutersLabels: true
tracing:
  openTelemetry:
    address: otel-collector.observability:4318
    path: /otlp/v1/traces
    headers:
      x-tenant: shop
`;

describe.skipIf(!ready)('traefik 27 → 28 on the real charts', () => {
  it('metrics and traces go to the same collector over OTLP; unmigrated, chart 28 exports nothing', () => {
    expect(args(render('27', input))).toEqual([
      '--metrics.openTelemetry=true',
      '--metrics.openTelemetry.address=otel-collector.observability:4317',
      '--metrics.openTelemetry.addRoutersLabels=true',
      '--metrics.openTelemetry.insecure=true',
      '--metrics.openTelemetry.grpc=true',
      '--tracing.openTelemetry=true',
      '--tracing.openTelemetry.address=otel-collector.observability:4318',
      '--tracing.openTelemetry.headers.x-tenant=shop',
      '--tracing.openTelemetry.path=/otlp/v1/traces',
    ]);
    const out = migrateText(input, 'traefik', '27', '28', { pack: traefik }).files.get('traefik')!;
    expect(args(render('28', out)).sort()).toEqual([
      '--metrics.otlp.addRoutersLabels=true',
      '--metrics.otlp.grpc.endpoint=otel-collector.observability:4317',
      '--metrics.otlp.grpc.insecure=true',
      '--metrics.otlp.grpc=true',
      '--metrics.otlp=true',
      '--tracing.otlp.http.endpoint=https://otel-collector.observability:4318/otlp/v1/traces',
      '--tracing.otlp.http.headers.x-tenant=shop',
      '--tracing.otlp.http=true',
      '--tracing.otlp=true',
    ]);
    expect(args(render('28', input)).filter((a) => /otlp/.test(a))).toEqual([]);
  });

  it('v2-only tracers and InfluxDB v1 are dropped with what to do; a pinned v2 proxy gives way to the chart\'s own v3', () => {
    const r = migrateText('image:\n  tag: v2.10.7\ntracing:\n  jaeger:\n    localAgentHostPort: jaeger:6831\nmetrics:\n  influxdb:\n    address: influx:8089\n', 'traefik', '27', '28', { pack: traefik });
    const why = Object.fromEntries(r.of('dropped').map((d) => [d.path, d.why]));
    expect(why['tracing.jaeger']).toMatch(/only over OpenTelemetry.*tracing\.otlp/);
    expect(why['metrics.influxdb']).toMatch(/metrics\.influxdb2/);
    expect(why['image.tag']).toMatch(/older than v3\.0\.0/);
    expect(render('28', r.files.get('traefik')!).ok).toBe(true);
    expect(render('28', 'image:\n  tag: v2.10.7\n').error).toMatch(/only supports Traefik Proxy v3/);
  });
});
