import coerce from 'semver/functions/coerce.js';
import lt from 'semver/functions/lt.js';
import type { HookContext } from '../../src/core/types.js';

/**
 * A hook that drops a pinned Traefik Proxy tag older than what the new chart installs (the
 * chart's own check would refuse it): the chart's own version runs instead, and the report says
 * how to pin a supported one. Traefik Hub tags are versioned apart and left alone.
 */
export function dropProxyBelow(min: string, chart: string, refusal: string): (ctx: HookContext) => void {
  return (ctx) => {
    const tag = ctx.get('image.tag');
    if (typeof tag !== 'string' || ctx.get('hub.token')) return;
    const v = coerce(tag.split('@')[0]);
    if (v && lt(v, min)) ctx.remove('image.tag', `Traefik Proxy ${tag} is older than v${min}, which chart ${chart} refuses ("${refusal}"); the chart's own version runs instead: pin a v${min}+ tag if you need one`);
  };
}
