import { defineTransform } from '../../src/core/define.js';
import { isPlainMap, type Plain } from '../../src/core/plain.js';
import { parseEmbeddedDocument } from '../../src/values/manifests.js';

/**
 * `providers.file.content`: the file provider's dynamic configuration, a YAML string until chart
 * 40 and an object from 41 (the chart writes it with toYaml either way, so the same object is
 * the same file). A string that is not one YAML mapping cannot become an object without
 * guessing: it is dropped and reported with what to do.
 */
export const yamlTextToMap = defineTransform({
  name: 'yaml-text-to-map',
  describe: 'YAML document in a string → the same document as a map',
  apply(value: Plain) {
    if (isPlainMap(value)) return value;
    if (typeof value !== 'string') return { drop: `expected YAML text, found ${JSON.stringify(value)}; chart 41 takes the file provider's configuration as a map` };
    if (value.trim() === '') return {};
    const doc = parseEmbeddedDocument(value);
    if (!isPlainMap(doc)) {
      return { drop: 'the text is not one YAML mapping (a template, or TOML?); chart 41 takes the file provider\'s configuration as a map: write it under providers.file.content as YAML' };
    }
    return doc as Plain;
  },
});

/**
 * A Gateway listener's `namespacePolicy`: the `from` value alone (`All`, `Same`) until chart 36,
 * the whole `allowedRoutes.namespaces` object from 37 (so a `selector` fits beside it).
 */
export const namespacePolicyToObject = defineTransform({
  name: 'namespace-policy-to-object',
  describe: '`All` → `{from: All}`',
  apply(value: Plain) {
    return typeof value === 'string' ? { from: value } : value;
  },
});

/**
 * An entry point's `redirectTo: {port, priority, permanent}` (until chart 33) →
 * `{entryPoint: {to, scheme, permanent, priority}}` (chart 34, Traefik's own syntax). The old
 * form always redirected to https and rendered `permanent` only when true; the new one renders
 * whatever is written, so exactly that is written.
 */
export const redirectToEntryPoint = defineTransform({
  name: 'redirect-to-entry-point',
  describe: '{port, priority, permanent} → {entryPoint: {to, scheme: https, permanent, priority}}',
  apply(value: Plain) {
    if (!isPlainMap(value) || typeof value.port !== 'string' || value.port === '') {
      return { drop: 'redirectTo without a port redirected nowhere; write ports.<name>.redirections.entryPoint.to if you need a redirection' };
    }
    const entryPoint: { [k: string]: Plain } = { to: value.port, scheme: 'https' };
    if (value.permanent === true) entryPoint.permanent = true;
    if (value.priority !== undefined && value.priority !== null && value.priority !== 0) entryPoint.priority = value.priority;
    return { entryPoint } as Plain;
  },
});

/**
 * The ingress-nginx provider (chart 37) took `namespaces: [..]`; chart 38 follows ingress-nginx
 * itself with `watchNamespace`, one namespace (the schema wants a string). Several namespaces
 * have no one-to-one successor: a selector over them is the user's to write.
 */
export const oneNamespace = defineTransform({
  name: 'one-namespace',
  describe: '`[apps]` → `apps`',
  apply(value: Plain) {
    if (typeof value === 'string') return value;
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) return { drop: `expected a list of namespaces, found ${JSON.stringify(value)}` };
    if (value.length <= 1) return (value[0] ?? '') as Plain;
    return { drop: `watchNamespace takes one namespace, not ${value.length} (${value.join(', ')}): label them and write providers.kubernetesIngressNginx.watchNamespaceSelector, or pick one` };
  },
});

/** Access-log format `CLF` → `common`: the same Traefik format, under the only name chart 32 accepts. */
export const clfToCommon = defineTransform({
  name: 'clf-to-common',
  describe: '`CLF` → `common`',
  apply(value: Plain) {
    return typeof value === 'string' && value.toLowerCase() === 'clf' ? 'common' : value;
  },
});

/** A port's `expose: true` (until chart 26) → `expose: {default: true}` (chart 27: per Service). */
export const exposeToServices = defineTransform({
  name: 'expose-to-services',
  describe: '`true` → `{default: true}`',
  apply(value: Plain) {
    return typeof value === 'boolean' ? { default: value } : value;
  },
});

/** `redirectTo: websecure` (until chart 24) → `redirectTo: {port: websecure}` (chart 25, with room for a priority). */
export const redirectToPort = defineTransform({
  name: 'redirect-to-port',
  describe: '`websecure` → `{port: websecure}`',
  apply(value: Plain) {
    return typeof value === 'string' ? (value === '' ? { drop: 'empty: no redirection' } : { port: value }) : value;
  },
});
