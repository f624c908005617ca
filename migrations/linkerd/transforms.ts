import { defineTransform } from '../../src/core/define.js';
import type { Plain } from '../../src/core/plain.js';

/**
 * Splits `registry/path/name:tag` at the last `/` and the tag's `:` (a registry port stays put).
 * A digest reference (`name@sha256:abc`) keeps `@sha256` on the name and the hex as the tag: the
 * charts build `name:tag`, which then renders the very same reference.
 */
function splitImage(ref: string): { repo: string; name: string; tag?: string } {
  const slash = ref.lastIndexOf('/');
  const last = ref.slice(slash + 1);
  const colon = last.lastIndexOf(':');
  const name = colon >= 0 ? last.slice(0, colon) : last;
  const tag = colon >= 0 ? last.slice(colon + 1) : undefined;
  return { repo: slash >= 0 ? ref.slice(0, slash) : '', name, tag };
}

function asImageString(value: Plain): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** `cr.l5d.io/linkerd/web` → `{registry: cr.l5d.io/linkerd, name: web}` (viz image maps). */
export const imageToRegistryNameTag = defineTransform({
  name: 'image-to-registry-name-tag',
  describe: 'image reference string → {registry, name, tag} map',
  apply(value) {
    const ref = asImageString(value);
    if (!ref) return { drop: 'the image was empty; the new chart builds the image name itself' };
    const { repo, name, tag } = splitImage(ref);
    // The viz templates always prefix a registry (defaultRegistry when empty): a bare name such
    // as `grafana` is Docker Hub's library image, so that is the registry written.
    const out: { [k: string]: Plain } = { registry: repo || 'docker.io/library', name };
    if (tag) out.tag = tag;
    return out;
  },
});

/**
 * `registry.example.com/linkerd/controller` → `{registry: registry.example.com/linkerd}`: a
 * mirror of one image carried to another image of the same release (2.9's controller image
 * running tap, which viz gives its own image). Name and tag stay the new chart's.
 */
export const imageToRegistry = defineTransform({
  name: 'image-to-registry',
  describe: 'image reference string → {registry} map (the image name and tag are the new chart\'s)',
  apply(value) {
    const ref = asImageString(value);
    if (!ref) return { drop: 'the image was empty; the new chart builds the image name itself' };
    const { repo } = splitImage(ref);
    if (!repo) return { drop: `${ref} names no registry to carry over; tap now runs its own image` };
    const out: { [k: string]: Plain } = { registry: repo };
    return out;
  },
});

/** `otel/opentelemetry-collector:0.43.0` → `{name: otel/opentelemetry-collector, version: 0.43.0}` (jaeger). */
export const imageToNameVersion = defineTransform({
  name: 'image-to-name-version',
  describe: 'image reference string → {name, version} map',
  apply(value) {
    const ref = asImageString(value);
    if (!ref) return { drop: 'the image was empty; the new chart uses its own default' };
    const { repo, name, tag } = splitImage(ref);
    const out: { [k: string]: Plain } = { name: repo ? `${repo}/${name}` : name };
    if (tag) out.version = tag;
    return out;
  },
});

/** `gateway: true` → `gateway: {enabled: true}` (multicluster 2.11 groups gateway settings). */
export const boolToEnabledMap = defineTransform({
  name: 'bool-to-enabled',
  describe: 'boolean → {enabled: boolean}',
  apply(value) {
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    return { drop: `expected true or false, found ${JSON.stringify(value)}` };
  },
});

/**
 * The proxy's DNS resolver library was renamed (trust-dns → hickory, the edge proxies): a log
 * filter target naming the old crate matches nothing there.
 */
export const trustDnsToHickory = defineTransform({
  name: 'trust-dns-to-hickory',
  describe: 'proxy log filter: trust_dns → hickory',
  apply(value) {
    return typeof value === 'string' ? value.replace(/\btrust_dns(?=[=,:\s]|$)/g, 'hickory') : value;
  },
});
