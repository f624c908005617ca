import { defineTransform } from '../../src/core/define.js';
import { isPlainMap, type Plain } from '../../src/core/plain.js';
import { registryHost } from '../../src/core/image-reference.js';
import type { HookContext, HookOp } from '../../src/core/types.js';

/**
 * The charts' images became `registry` + `repository`, rendered `<registry>/<repository>`, with
 * the registry defaulting to where the chart's own image lives (quay.io, docker.io). A repository
 * written the old way keeps its host in `repository` and renders `quay.io/quay.io/…`: the host
 * moves to `registry`. A repository without a host was a Docker Hub path, and stays one only if
 * the registry says so (the default registry may be quay.io).
 */
export function splitImageRegistry(image: string, since: string, chart: string): HookOp {
  return {
    op: 'hook',
    name: `split-registry:${image}`,
    since,
    why: `chart ${chart} renders ${image} as <registry>/<repository>: a registry host left in repository would be doubled`,
    run(ctx: HookContext) {
      const repository = ctx.get(`${image}.repository`);
      if (typeof repository !== 'string' || repository === '' || ctx.has(`${image}.registry`)) return;
      const host = registryHost(repository);
      ctx.set(`${image}.registry`, host ? host.registry : 'docker.io');
      if (host) ctx.set(`${image}.repository`, host.rest);
    },
  };
}

/**
 * The Thanos object-storage, query and Alertmanager configurations of chart 52: either a Secret
 * the user manages (`existingSecret: {name, key}`) or the configuration itself, which the chart
 * writes into a Secret of its own (`secret: …`). Chart 44 passed the value into the custom
 * resource as a Secret key reference (`{name, key}`); charts 45–51 took the ruler's
 * configurations inline. Either old shape is silently ignored by chart 52.
 */
export const secretRefOrConfig = defineTransform({
  name: 'secret-ref-or-config',
  describe: '`{name, key}` → `{existingSecret: {name, key}}`; an inline configuration → `{secret: …}`',
  apply(value: Plain) {
    if (!isPlainMap(value) || Object.keys(value).length === 0) return value;
    if ('existingSecret' in value || 'secret' in value) return value;
    const keys = Object.keys(value);
    if (typeof value.name === 'string' && typeof value.key === 'string' && keys.every((k) => k === 'name' || k === 'key' || k === 'optional')) {
      if (value.optional !== undefined && value.optional !== false) {
        return { drop: 'an optional Secret reference: chart 52 refers to the Secret by name and key only; set existingSecret: {name, key} and make sure the Secret exists' };
      }
      return { existingSecret: { name: value.name, key: value.key } };
    }
    return { secret: value };
  },
});

/**
 * A rule group switch the chart split into several: each new switch starts from the old one's
 * value, unless the file already sets it (a later chart version the user wrote against).
 */
export function splitSwitch(from: string, to: string[], since: string, why: string): HookOp {
  return {
    op: 'hook',
    name: `split:${from}`,
    since,
    why,
    run(ctx) {
      if (!ctx.has(from)) return;
      const value = ctx.get(from)!;
      const [first, ...rest] = to;
      for (const t of rest) if (!ctx.has(t)) ctx.set(t, value);
      // The first new switch takes the old key's place and comments.
      if (!ctx.has(first)) ctx.move(from, first);
      else ctx.remove(from, `split into ${to.join(', ')}, which the file already sets`);
    },
  };
}
