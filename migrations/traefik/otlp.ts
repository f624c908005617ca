import { isPlainMap, type PlainMap } from '../../src/core/plain.js';
import type { HookContext } from '../../src/core/types.js';

/**
 * Traefik v2's `openTelemetry` exporter (address `host:port`, `path`, `grpc`, `insecure`) → v3's
 * `otlp` (chart 28): over HTTP the endpoint is one URL (`https://host:port/v1/<signal>`, `http`
 * when insecure), over gRPC `host:port` with `insecure`. Headers and TLS keep their meaning.
 */
export function openTelemetryToOtlp(root: 'metrics' | 'tracing'): (ctx: HookContext) => void {
  return (ctx) => {
    const from = `${root}.openTelemetry`;
    const v = ctx.get(from);
    if (v === undefined) return;
    if (!isPlainMap(v) || typeof v.address !== 'string' || v.address === '') {
      if (v !== null && !(isPlainMap(v) && Object.keys(v).length === 0)) ctx.remove(from, `no address to export to; chart 28 exports ${root} over OTLP: set ${root}.otlp.http.endpoint or ${root}.otlp.grpc.endpoint`);
      else ctx.remove(from, 'empty');
      return;
    }
    const otlp: PlainMap = { enabled: true };
    for (const k of ['addEntryPointsLabels', 'addRoutersLabels', 'addServicesLabels', 'explicitBoundaries', 'pushInterval']) if (v[k] !== undefined && v[k] !== null) otlp[k] = v[k];
    const transport: PlainMap = { enabled: true };
    if (v.grpc) {
      transport.endpoint = v.address;
      if (v.insecure) transport.insecure = true;
    } else {
      const scheme = v.insecure ? 'http' : 'https';
      const path = typeof v.path === 'string' && v.path ? v.path : `/v1/${root === 'metrics' ? 'metrics' : 'traces'}`;
      transport.endpoint = /^https?:\/\//.test(v.address) ? `${v.address}${path}` : `${scheme}://${v.address}${path}`;
    }
    if (isPlainMap(v.headers) && Object.keys(v.headers).length) transport.headers = v.headers;
    if (isPlainMap(v.tls) && Object.keys(v.tls).length) transport.tls = v.tls;
    otlp[v.grpc ? 'grpc' : 'http'] = transport;
    ctx.remove(from, `carried to ${root}.otlp (Traefik v3 exports over OTLP)`);
    ctx.set(`${root}.otlp`, otlp);
  };
}
