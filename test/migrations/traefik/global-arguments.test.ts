/**
 * Traefik chart 34 → 36, judged by the real charts: every flag chart 34 rendered from
 * `globalArguments` is rendered by chart 36 from the migrated values (the global options as
 * `global.*`, anything else through `additionalArguments`), where chart 36 silently drops the
 * unmigrated list; and the whole chain to 41 keeps them.
 */
import { describe, expect, it } from 'vitest';
import { migrateText } from '../../helpers/migrate.js';
import { ready as needs } from '../../helpers/prereq.js';
import { hasTraefikChart, renderTraefik, traefik, traefikArgs } from '../../helpers/traefik.js';
import type { RenderResult } from '../../helpers/render.js';

const ready = needs('shared', 'binaries') && hasTraefikChart('34');
const render = (release: string, values: string): RenderResult => renderTraefik(release, values);

/**
 * The Traefik flags a user's globalArguments can hold, lowercased (Traefik reads flags
 * case-insensitively), less those that only state Traefik's own default (the version check is
 * on unless a flag turns it off): a chart that renders `--global.checkNewVersion` runs Traefik as
 * one that renders nothing.
 */
function flags(r: RenderResult): string[] {
  expect(r.ok, r.error).toBe(true);
  const args = traefikArgs(r);
  return args
    .filter((a) => /^--(global|serverstransport|api\.insecure)/i.test(a))
    .map((a) => a.toLowerCase().replace(/=true$/, ''))
    .filter((a) => a !== '--global.checknewversion')
    .sort();
}

const input = `globalArguments:
  - "--global.sendanonymoususage"
  - "--serverstransport.insecureskipverify=true"
additionalArguments:
  - "--api.insecure=true"
`;

describe.skipIf(!ready)('traefik 34 → 36 on the real charts', () => {
  it('the global flags and every other flag of globalArguments keep rendering; the unmigrated list is dropped by chart 36', () => {
    const before = flags(render('34', input));
    expect(before).toEqual(['--api.insecure', '--global.sendanonymoususage', '--serverstransport.insecureskipverify']);
    const out = migrateText(input, 'traefik', '34', '36', { pack: traefik }).files.get('traefik')!;
    expect(flags(render('36', out))).toEqual(before);
    expect(flags(render('36', input))).not.toContain('--serverstransport.insecureskipverify');
  });

  it('a list without --global.checknewversion ran Traefik with its own default, the check on: 41 (whose template can turn it off) leaves it on, and the report says how to turn it off', () => {
    // Chart 34 rendered no checknewversion flag for this list: Traefik's default, on.
    expect(flags(render('34', input))).not.toContain('--global.checknewversion=false');
    const r = migrateText(input, 'traefik', '34', '41', { pack: traefik });
    const on41 = flags(render('41', r.files.get('traefik')!));
    expect(on41).toEqual(['--api.insecure', '--global.sendanonymoususage', '--serverstransport.insecureskipverify']);
    expect(r.of('note').map((n) => n.text).join('\n')).toMatch(/no --global\.checknewversion, so Traefik ran with its own default, the version check on; it stays on \(set global\.checkNewVersion: false to turn it off\)/);
  });

  it('--global.checknewversion=false in the list is an opt-out that 36 and 41 render', () => {
    const optOut = 'globalArguments:\n  - "--global.checknewversion=false"\n';
    expect(flags(render('34', optOut))).toEqual(['--global.checknewversion=false']);
    // Chart 36 renders nothing for global.checkNewVersion: false (traefik-helm-chart#1449), so
    // the opt-out has to stay a flag there.
    expect(flags(render('36', 'global:\n  checkNewVersion: false\n'))).toEqual([]);
    const on36 = migrateText(optOut, 'traefik', '34', '36', { pack: traefik });
    expect(flags(render('36', on36.files.get('traefik')!))).toEqual(['--global.checknewversion=false']);
    const r = migrateText(optOut, 'traefik', '34', '41', { pack: traefik });
    expect(flags(render('41', r.files.get('traefik')!))).toEqual(['--global.checknewversion=false']);
  });

  it('global.checkNewVersion: false, which chart 36 ignored, is not switched on at 39: the report says so', () => {
    const r = migrateText('global:\n  checkNewVersion: false\n', 'traefik', '36', '39', { pack: traefik });
    expect(flags(render('39', r.files.get('traefik')!))).toEqual([]);
    expect(r.of('dropped').map((d) => d.why).join('\n')).toMatch(/chart 36 ignored false/);
  });

  it('the flags that move keep their quotes and comments, and so do the ones already in additionalArguments', () => {
    const commented = `globalArguments:
  - "--global.sendanonymoususage"
  - "--serverstransport.insecureskipverify=true" # the legacy backend's self-signed cert
additionalArguments:
  - "--api.insecure=true" # lab only
`;
    const out = migrateText(commented, 'traefik', '34', '36', { pack: traefik }).files.get('traefik')!;
    expect(out).toBe(`additionalArguments:
  - "--api.insecure=true" # lab only
  - "--serverstransport.insecureskipverify=true" # the legacy backend's self-signed cert
global:
  sendAnonymousUsage: true
`);
  });

  it('a flag chart 34 overrode with its own later one (an entry point address) keeps losing: Traefik listens where it did', () => {
    const overridden = 'globalArguments:\n  - "--entrypoints.web.address=:80"\n  - "--serverstransport.insecureskipverify=true"\n';
    // Traefik takes the last occurrence of a flag (names compared without case).
    const effective = (args: string[], name: string) => args.filter((a) => a.split('=')[0].toLowerCase() === name).pop()?.split('=')[1];
    const before = traefikArgs(render('34', overridden));
    expect(effective(before, '--entrypoints.web.address')).toBe(':8000/tcp');
    const m = migrateText(overridden, 'traefik', '34', '36', { pack: traefik });
    const after = traefikArgs(render('36', m.files.get('traefik')!));
    expect(effective(after, '--entrypoints.web.address')).toBe(effective(before, '--entrypoints.web.address'));
    // The flag that did take effect still moves.
    expect(effective(after, '--serverstransport.insecureskipverify')).toBe('true');
    expect(m.of('note').map((n) => n.text).join('\n')).toMatch(/--entrypoints\.web\.address=:80 left out: chart 34 set the same flag itself/);
  });

  it('the chart 34 default list is not a customization: removed, the new defaults apply', () => {
    const r = migrateText('globalArguments:\n  - "--global.checknewversion"\n  - "--global.sendanonymoususage"\n', 'traefik', '34', '36', { pack: traefik });
    expect(r.files.get('traefik')).toBe('{}\n');
    expect(r.of('dropped')[0].why).toMatch(/sendAnonymousUsage \(now off by default\)/);
  });
});
