/**
 * Image references split for charts that build `registry/name:tag` (viz) or `name:version`
 * (jaeger): put back together as the charts do, every reference must come out as it went in.
 */
import { describe, expect, it } from 'vitest';
import { imageToNameVersion, imageToRegistryNameTag } from '../../../migrations/linkerd/transforms.js';

const viz = (v: any) => `${v.registry}/${v.name}${v.tag ? `:${v.tag}` : ''}`;
const jaeger = (v: any) => `${v.name}${v.version ? `:${v.version}` : ''}`;

describe('image transforms', () => {
  it.each(['cr.l5d.io/linkerd/web:stable-2.9.5', 'registry.example.com:5000/linkerd/web:v1', 'registry.example.com:5000/linkerd/web', 'cr.l5d.io/linkerd/web@sha256:0123abcd', 'mirror/a/b/c/web:v2'])('%s renders as itself on the viz chart', (ref) => {
    const v = imageToRegistryNameTag.apply(ref) as any;
    expect(v.drop).toBeUndefined();
    expect(viz(v)).toBe(ref);
  });
  it.each(['otel/opentelemetry-collector:0.43.0', 'registry:5000/otel/collector', 'otel/opentelemetry-collector@sha256:feed'])('%s renders as itself on the jaeger chart', (ref) => {
    expect(jaeger(imageToNameVersion.apply(ref))).toBe(ref);
  });
  it('a bare name (a Docker Hub library image) gets its registry written out, since the viz chart always prefixes one', () => {
    expect(imageToRegistryNameTag.apply('grafana:7.1.5')).toEqual({ registry: 'docker.io/library', name: 'grafana', tag: '7.1.5' });
  });
});
