import { defineMigration } from '../../src/core/define.js';
import { isPlainMap, type Plain, type PlainMap } from '../../src/core/plain.js';
import { formatPath } from '../../src/core/paths.js';
import type { HookContext } from '../../src/core/types.js';
import { redirectToPort } from './transforms.js';

const pluginFlag = /^--experimental\.plugins\.([^.=]+)\.(modulename|version)=(.*)$/i;

/**
 * Until chart 25, plugins were declared with `experimental.plugins.enabled: true` plus
 * `--experimental.plugins.<name>.modulename/version` flags in additionalArguments; chart 26
 * takes a map `experimental.plugins.<name>: {moduleName, version}` and fails on `enabled`.
 */
function pluginsMap(ctx: HookContext): void {
  const enabled = ctx.get('experimental.plugins.enabled');
  if (enabled === undefined) return;
  ctx.remove('experimental.plugins.enabled', 'chart 26 declares each plugin under experimental.plugins.<name> (its flags are carried there)');
  const args = ctx.get('additionalArguments');
  if (!Array.isArray(args)) return;
  const plugins: Record<string, PlainMap> = {};
  const kept: Plain[] = [];
  for (const a of args) {
    const m = typeof a === 'string' ? pluginFlag.exec(a.trim()) : null;
    if (!m) {
      kept.push(a);
      continue;
    }
    plugins[m[1]] ??= {};
    plugins[m[1]][m[2].toLowerCase() === 'modulename' ? 'moduleName' : 'version'] = m[3];
  }
  if (!Object.keys(plugins).length) return;
  for (const [name, p] of Object.entries(plugins)) ctx.set(formatPath(['experimental', 'plugins', name]), p);
  if (kept.length) ctx.set('additionalArguments', kept);
  else ctx.remove('additionalArguments', `its plugin flags are carried to experimental.plugins (${Object.keys(plugins).join(', ')})`);
}

/** Chart 26 renders pod annotations through tpl: a literal `{{` would be read as a template. */
function podAnnotationsLiteral(ctx: HookContext): void {
  const annotations = ctx.get('deployment.podAnnotations');
  if (!isPlainMap(annotations)) return;
  for (const [k, v] of Object.entries(annotations)) {
    if (typeof v !== 'string' || !v.includes('{{')) continue;
    ctx.set(formatPath(['deployment', 'podAnnotations', k]), v.replace(/\{\{/g, '{{ "{{" }}'));
    ctx.note(`deployment.podAnnotations.${k}: its literal {{ escaped, since chart 26 renders annotations as templates`, 'info');
  }
}

export default defineMigration({
  from: '23',
  to: '26',
  summary: 'healthchecks settings move to deployment; redirectTo becomes {port}; plugins are declared as a map; Gateway annotations move up; pod annotations are templates',
  charts: [
    {
      chart: 'traefik',
      operations: [
        { op: 'move', since: '24.0.0', from: 'ports.traefik.healthchecksPort', to: 'deployment.healthchecksPort', why: 'chart 24 reads the probe settings from deployment; at the old place the probes would go to the traefik port' },
        { op: 'move', since: '24.0.0', from: 'ports.traefik.healthchecksScheme', to: 'deployment.healthchecksScheme', why: 'as healthchecksPort' },
        { op: 'reshape', since: '25.0.0', from: 'ports.*.redirectTo', to: 'ports.*.redirectTo', transform: redirectToPort, why: 'chart 25 takes the redirection as a map ("Syntax of ports.web.redirectTo has changed to ports.web.redirectTo.port")' },
        { op: 'move', since: '25.0.0', from: 'experimental.kubernetesGateway.gateway.annotations', to: 'experimental.kubernetesGateway.annotations', why: 'chart 25 configures the Gateway one level up' },
        { op: 'remove', since: '25.0.0', path: 'experimental.kubernetesGateway.gateway.enabled', why: 'chart 25 creates the Gateway whenever the experimental provider is on' },
        { op: 'hook', since: '26.0.0', name: 'plugins-map', run: pluginsMap, why: 'chart 26 declares plugins as a map' },
        { op: 'hook', since: '26.0.0', name: 'pod-annotations-literal', run: podAnnotationsLiteral, why: 'chart 26 renders pod annotations through tpl' },
      ],
    },
  ],
  example: {
    chart: 'traefik',
    values: 'ports:\n  traefik:\n    healthchecksPort: 9001\n  web:\n    redirectTo: websecure\n',
  },
});
