import { defineMigration } from '../../src/core/define.js';
import { isPlainMap, type Plain } from '../../src/core/plain.js';
import { formatPath } from '../../src/core/paths.js';
import type { HookContext } from '../../src/core/types.js';

/** Chart 34's default list: both global flags on. */
const oldDefault = ['--global.checknewversion', '--global.sendanonymoususage'];

/** `--global.checknewversion`, `--global.checkNewVersion=false` → [option, value]. */
function globalFlag(arg: string): ['checkNewVersion' | 'sendAnonymousUsage', boolean] | undefined {
  const m = /^--global\.(checknewversion|sendanonymoususage)(?:=(true|false))?$/i.exec(arg.trim());
  if (!m) return undefined;
  return [m[1].toLowerCase() === 'checknewversion' ? 'checkNewVersion' : 'sendAnonymousUsage', m[2]?.toLowerCase() !== 'false'];
}

/** Chart 34's default entry points: it renders an address flag for each unless set to null. */
const defaultPorts = ['metrics', 'traefik', 'web', 'websecure'];

/**
 * Whether chart 34 rendered a flag of the same name after `globalArguments`, so Traefik (the last
 * occurrence wins) never used the user's: an address for each entry point in `ports`, and the
 * dashboard and ping flags it always sets. Moved to `additionalArguments`, which come last, the
 * user's flag would start winning.
 */
function overriddenByChart34(flag: string, ctx: HookContext): boolean {
  const name = flag.split('=')[0].trim().toLowerCase();
  if (name === '--api.dashboard' || name === '--ping') return true;
  const entry = /^--entrypoints\.([^.]+)\.address$/.exec(name)?.[1];
  if (!entry) return false;
  const ports = ctx.get('ports');
  const mine = isPlainMap(ports) ? ports : {};
  const names = new Set([...defaultPorts.filter((p) => mine[p] !== null), ...Object.keys(mine).filter((p) => mine[p])].map((p) => p.toLowerCase()));
  return names.has(entry);
}

/**
 * Chart 36 ignores `globalArguments` (and 39's schema refuses it): the two global flags became
 * `global.checkNewVersion` / `global.sendAnonymousUsage`, and any other flag kept there would
 * vanish without a word (a user lost `--serverstransport.insecureskipverify=true` that way), so
 * it moves to `additionalArguments`. A flag missing from the list was not "off": Traefik ran
 * with its own default, the version check on and anonymous usage off (so `globalArguments: []`,
 * often meant as an opt-out, never turned the check off). Chart 36's defaults are the same, so
 * only a flag given a value of its own is written.
 */
function globalArguments(ctx: HookContext): void {
  const list = ctx.get('globalArguments');
  if (list === undefined) return;
  if (!Array.isArray(list) || list.some((a) => typeof a !== 'string')) {
    ctx.remove('globalArguments', 'expected a list of flags; chart 36 no longer reads globalArguments: set global.checkNewVersion, global.sendAnonymousUsage and additionalArguments by hand');
    return;
  }
  const args = list as string[];
  if (args.length === oldDefault.length && args.every((a, i) => a.toLowerCase() === oldDefault[i])) {
    ctx.remove('globalArguments', 'the chart 34 default; chart 36 sets global.checkNewVersion (still on) and global.sendAnonymousUsage (now off by default)');
    return;
  }
  // Traefik's own defaults, which a list without the flag ran with.
  const settings: Record<'checkNewVersion' | 'sendAnonymousUsage', boolean> = { checkNewVersion: true, sendAnonymousUsage: false };
  const others: string[] = [];
  const overridden: string[] = [];
  let checkOff: string | undefined;
  for (const a of args) {
    const flag = globalFlag(a);
    if (flag) {
      settings[flag[0]] = flag[1];
      if (flag[0] === 'checkNewVersion') checkOff = flag[1] ? undefined : a;
    } else if (overriddenByChart34(a, ctx)) overridden.push(a);
    else others.push(a);
  }
  if (overridden.length) {
    ctx.note(`globalArguments: ${overridden.join(' ')} left out: chart 34 set the same flag itself after globalArguments, so Traefik never used ${overridden.length === 1 ? 'it' : 'them'}; moved to additionalArguments ${overridden.length === 1 ? 'it' : 'they'} would start winning (change an entry point's address through ports.<name>.port)`, 'warning');
  }
  ctx.remove('globalArguments', 'chart 36 no longer reads it; its flags are carried to global.* and additionalArguments');
  // Chart 36's defaults are Traefik's (check on, usage off): write only what differs. Chart 36
  // renders nothing for `global.checkNewVersion: false` (traefik-helm-chart#1449), so the check
  // stays off only as the flag itself.
  if (checkOff) others.push(checkOff);
  if (settings.sendAnonymousUsage) ctx.set('global.sendAnonymousUsage', true);
  if (!args.some((a) => globalFlag(a)?.[0] === 'checkNewVersion')) {
    ctx.note('globalArguments had no --global.checknewversion, so Traefik ran with its own default, the version check on; it stays on (set global.checkNewVersion: false to turn it off)');
  }
  if (others.length) {
    const existing = ctx.get('additionalArguments');
    ctx.set('additionalArguments', [...(Array.isArray(existing) ? existing : []), ...others] as Plain);
    ctx.note(`globalArguments: ${others.join(' ')} moved to additionalArguments (chart 36 would have dropped ${others.length === 1 ? 'it' : 'them'} silently)`, 'warning');
  }
}

/**
 * From chart 35 the Service and container port names are the `ports` keys lowercased and cut to
 * 15 characters: anything that names a port (a ServiceMonitor, a NetworkPolicy, another
 * Service's targetPort) must follow.
 */
function portNames(ctx: HookContext): void {
  const ports = ctx.get('ports');
  if (!isPlainMap(ports)) return;
  for (const name of Object.keys(ports)) {
    const now = name.toLowerCase().slice(0, 15);
    if (now !== name) ctx.note(`${formatPath(['ports', name])}: its Service and container port is now named ${now}; update what refers to it by name`, 'warning');
  }
}

export default defineMigration({
  from: '34',
  to: '36',
  summary: 'globalArguments → global.checkNewVersion / global.sendAnonymousUsage (now off by default) and additionalArguments; port names lowercased and cut to 15 characters',
  charts: [
    {
      chart: 'traefik',
      operations: [
        { op: 'hook', since: '36.0.0', name: 'global-arguments', run: globalArguments, why: 'chart 36 ignores globalArguments' },
        { op: 'hook', since: '35.0.0', name: 'port-names', run: portNames, why: 'port names are lowercased and cut to 15 characters from chart 35' },
        { op: 'move', since: '36.2.0', from: 'hub.experimental.aigateway', to: 'hub.aigateway.enabled', why: 'the AI Gateway left the experimental section (chart 36.2.0)' },
      ],
    },
  ],
  followUps: [
    {
      chart: 'traefik',
      text: 'Traefik Hub only: the APIAccess CRD is gone from chart 35.1.0; convert APIAccess resources to APICatalogItem, then delete the CRD (kubectl delete crd apiaccesses.hub.traefik.io).',
    },
  ],
  example: {
    chart: 'traefik',
    values: 'globalArguments:\n  - "--global.checknewversion"\n  - "--serverstransport.insecureskipverify=true"\n',
  },
});
