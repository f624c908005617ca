/**
 * "Nothing added", on hand-made renders: which differences a migrated render makes to its chart's
 * default render count as added (the source render did not have them), and which are the user's
 * own settings arriving by another road. The real charts exercise the same code in the render
 * oracle; these cases pin each rule on its own.
 */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/core/types.js';
import { addedEffects, saidBy, sourceNamesOf, type AddedInput } from '../../src/verify/added.js';
import { compareRenders } from '../../src/verify/compare.js';
import { flatten, type Leaves, type RenderedObject } from '../../src/verify/effects.js';

const deployment = (name: string, args: string[], extra: Record<string, unknown> = {}): RenderedObject => ({
  kind: 'Deployment',
  metadata: { name },
  spec: { template: { spec: { containers: [{ name: 'app', image: 'app:1', args }] } } },
  ...extra,
});
const leaves = (...objects: RenderedObject[]): Leaves => flatten(objects);

function added(over: Partial<AddedInput> & Pick<AddedInput, 'source' | 'sourceDefault' | 'target' | 'targetDefault'>) {
  return addedEffects({ unstable: new Set(), sourceNames: (o) => [o], pack: {}, ...over }).map((e) => `${e.object} ${e.field}`);
}

describe('added effects', () => {
  const before = leaves(deployment('app', ['--log=info']));

  it('a flag the source render did not have is added; one it had is not', () => {
    // The source chart ignored the user's value (its render is its default); the target reads it.
    const dormant = added({ sourceDefault: before, source: before, targetDefault: before, target: leaves(deployment('app', ['--log=info', '--insecure=true'])) });
    expect(dormant).toEqual(['Deployment/app spec.template.spec.containers[app].args[]=--insecure=true']);
    const carried = leaves(deployment('app', ['--log=debug']));
    expect(added({ sourceDefault: before, source: carried, targetDefault: before, target: carried })).toEqual([]);
  });

  it('an object renamed between the charts is looked for under its old name', () => {
    const sourceDefault = leaves(deployment('old', ['--log=info']));
    const target = leaves(deployment('new', ['--log=debug']));
    const targetDefault = leaves(deployment('new', ['--log=info']));
    const sourceNames = sourceNamesOf({ 'Deployment/old': ['Deployment/new'] });
    // Under its old name the object ran at info: debug is added. With debug there, it is carried.
    expect(added({ sourceDefault, source: sourceDefault, targetDefault, target, sourceNames }).sort()).toEqual([
      'Deployment/new spec.template.spec.containers[app].args[]=--log=debug',
      'Deployment/new spec.template.spec.containers[app].args[]=--log=info',
    ]);
    expect(added({ sourceDefault, source: leaves(deployment('old', ['--log=debug'])), targetDefault, target, sourceNames })).toEqual([]);
    // Without the rename the object is one the source chart never had: not judged.
    expect(added({ sourceDefault, source: sourceDefault, targetDefault, target })).toEqual([]);
  });

  it('the user\'s setting reaching a component the source chart never had is not an addition; an object the values create is', () => {
    const job = (args: string[]): RenderedObject => ({ kind: 'Job', metadata: { name: 'init' }, spec: { template: { spec: { containers: [{ name: 'init', args }] } } } });
    const source = leaves(deployment('app', ['--ns=mine']));
    const reaching = added({ sourceDefault: before, source, targetDefault: leaves(deployment('app', ['--log=info']), job(['--ns=default'])), target: leaves(deployment('app', ['--ns=mine']), job(['--ns=mine'])) });
    expect(reaching).not.toContain('Job/init spec.template.spec.containers[init].args[]=--ns=mine');
    // A Service the old chart rendered by default and the migrated values now create twice over is.
    const svc = { kind: 'Service', metadata: { name: 'debug' } };
    expect(added({ sourceDefault: leaves(deployment('app', []), svc), source: leaves(deployment('app', [])), targetDefault: leaves(deployment('app', [])), target: leaves(deployment('app', []), svc) })).toEqual(['Service/debug ']);
  });

  it('a flag stating what the application does anyway adds nothing, if the pack says so', () => {
    const pack = { applicationDefaults: [{ flag: '--checkUpdates=', value: 'true', why: 'checks unless told not to' }] };
    const target = leaves(deployment('app', ['--log=info', '--checkUpdates=true']));
    const input = { sourceDefault: before, source: before, targetDefault: before, target };
    expect(added(input)).toHaveLength(1);
    expect(added({ ...input, pack })).toEqual([]);
    // Where the source said otherwise, the user's setting is lost (the forward comparison says so).
    const off = leaves(deployment('app', ['--log=info', '--checkupdates=false']));
    const lost = compareRenders({ sourceDefault: before, source: off, unstable: new Set(), target, targetDefault: before, renames: (o) => [o], pack });
    expect(lost.lost.map((l) => l.effect.field)).toEqual(['spec.template.spec.containers[app].args[]=--checkupdates=false']);
  });

  it('flag names are compared without case', () => {
    const a = leaves(deployment('app', ['--entryPoints.web.address=:80']));
    const b = leaves(deployment('app', ['--entrypoints.web.address=:80']));
    expect(added({ sourceDefault: before, source: a, targetDefault: before, target: b })).toEqual([]);
  });

  it('a values-dump entry, a role\'s rules and a field the forward check found carrying a setting are never additions', () => {
    const dump = (v: string): RenderedObject => ({ kind: 'ConfigMap', metadata: { name: 'dump' }, data: { values: `level: ${v}\n` } });
    const role = (verbs: string[]): RenderedObject => ({ kind: 'ClusterRole', metadata: { name: 'r' }, rules: [{ apiGroups: [''], verbs }] });
    const flat = (...o: RenderedObject[]) => flatten(o, { parseEmbedded: (t) => Object.fromEntries(t.trim().split('\n').map((l) => l.split(': '))) });
    const input = {
      sourceDefault: flat(deployment('app', []), dump('info'), role(['get'])),
      source: flat(deployment('app', []), dump('info'), role(['get'])),
      targetDefault: flat(deployment('app', []), dump('info'), role(['get'])),
      target: flat(deployment('app', ['--moved=yes']), dump('debug'), role(['get', 'list'])),
    };
    const found = added({ ...input, pack: { valuesDumps: [{ object: 'ConfigMap/dump', why: 'a copy' }] } });
    expect(found).toEqual(['Deployment/app spec.template.spec.containers[app].args[]=--moved=yes']);
    expect(added({ ...input, pack: { valuesDumps: [{ object: 'ConfigMap/dump', why: 'a copy' }] }, carried: new Set([`Deployment/app\t${found[0].split(' ')[1]}`]) })).toEqual([]);
  });
});

describe('a note that speaks for an added effect', () => {
  const note = (effects: { object: string; field?: string }[]): Diagnostic => ({ kind: 'note', step: 'a → b', text: 'said', severity: 'info', effects });
  const e = { object: 'Deployment/my-release', field: 'spec.template.spec.containers[app].args[]=--entrypoints.websecure.allowacmebypass=true', after: 'x' };

  it('names its object, or every object of a kind whose name follows the release, and a part of the field in any case', () => {
    expect(saidBy(e, [note([{ object: 'Deployment/*', field: 'entryPoints.websecure.allowACMEByPass' }])])).toBeDefined();
    expect(saidBy(e, [note([{ object: 'Deployment/my-release' }])])).toBeDefined();
    expect(saidBy(e, [note([{ object: 'Deployment/*', field: 'entrypoints.web.allowacmebypass' }])])).toBeUndefined();
    expect(saidBy(e, [note([{ object: 'Service/*' }])])).toBeUndefined();
    expect(saidBy(e, [{ kind: 'note', step: 'a → b', text: 'no effects named', severity: 'info' }])).toBeUndefined();
  });
});

describe('lists of named items', () => {
  it('are keyed by name, or by job_name; an unnamed item among named ones by its position', () => {
    const f = flatten([{ kind: 'ConfigMap', metadata: { name: 'c' }, jobs: [{ job_name: 'a', x: 1 }, { job_name: 'b', x: 2 }], env: [{ name: 'A', value: '1' }, { value: '2' }] }]).get('ConfigMap/c')!;
    expect(f.get('jobs[b].x')).toBe('2');
    expect(f.get('env[A].value')).toBe('1');
    expect(f.get('env[#1].value')).toBe('2');
  });
});

describe('a flag given twice', () => {
  it('the one that wins is a setting: moved after the chart\'s own, it starts winning', () => {
    const chart = ['--entrypoints.web.address=:8000'];
    const sourceDefault = leaves(deployment('app', chart));
    // The user's flag came first: overridden by the chart's, Traefik listened on :8000.
    const source = leaves(deployment('app', ['--entryPoints.web.address=:80', ...chart]));
    const targetDefault = sourceDefault;
    const moved = leaves(deployment('app', [...chart, '--entryPoints.web.address=:80']));
    expect(added({ sourceDefault, source, targetDefault, target: moved })).toEqual(['Deployment/app spec.template.spec.containers[app].args{--entrypoints.web.address}']);
    // Kept first, it still loses: nothing is added.
    expect(added({ sourceDefault, source, targetDefault, target: source })).toEqual([]);
  });
});

describe('a value that reaches another container', () => {
  const pod = (proxyCpu: string, initCpu: string): RenderedObject => ({
    kind: 'Deployment',
    metadata: { name: 'app' },
    spec: { template: { spec: { initContainers: [{ name: 'init', resources: { limits: { cpu: initCpu } } }], containers: [{ name: 'proxy', resources: { limits: { cpu: proxyCpu } } }] } } },
  });
  const tokens = /hm-cpu-7/g;

  it('is added when it still does what it did where it was (init sizing following the proxy\'s)', () => {
    const sourceDefault = leaves(pod('100m', '100m'));
    const source = leaves(pod('hm-cpu-7', '100m'));
    const targetDefault = leaves(pod('100m', '100m'));
    const target = leaves(pod('hm-cpu-7', 'hm-cpu-7'));
    expect(added({ sourceDefault, source, targetDefault, target, tokens })).toEqual(['Deployment/app spec.template.spec.initContainers[init].resources.limits.cpu']);
  });

  it('is not when it left its old place: it moved', () => {
    const sourceDefault = leaves(pod('100m', '100m'));
    const source = leaves(pod('hm-cpu-7', '100m'));
    const target = leaves(pod('100m', 'hm-cpu-7'));
    expect(added({ sourceDefault, source, targetDefault: sourceDefault, target, tokens })).toEqual([]);
  });
});
