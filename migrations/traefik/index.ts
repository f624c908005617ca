import { definePack } from '../../src/core/define.js';
import type { ReleaseSnapshot } from '../../src/core/types.js';
import m20 from './20-to-23.js';
import m23 from './23-to-26.js';
import s20 from './defaults/20.json' with { type: 'json' };
import m26 from './26-to-27.js';
import s23 from './defaults/23.json' with { type: 'json' };
import m27 from './27-to-28.js';
import s26 from './defaults/26.json' with { type: 'json' };
import m28 from './28-to-30.js';
import s27 from './defaults/27.json' with { type: 'json' };
import m30 from './30-to-32.js';
import s28 from './defaults/28.json' with { type: 'json' };
import m32 from './32-to-33.js';
import s30 from './defaults/30.json' with { type: 'json' };
import m33 from './33-to-34.js';
import s32 from './defaults/32.json' with { type: 'json' };
import m34 from './34-to-36.js';
import s33 from './defaults/33.json' with { type: 'json' };
import m36 from './36-to-39.js';
import s34 from './defaults/34.json' with { type: 'json' };
import m39 from './39-to-40.js';
import s36 from './defaults/36.json' with { type: 'json' };
import m40 from './40-to-41.js';
import s39 from './defaults/39.json' with { type: 'json' };
import s40 from './defaults/40.json' with { type: 'json' };
import s41 from './defaults/41.json' with { type: 'json' };
import { chartFamilies, releases } from './releases.js';
import { cluster } from './cluster.js';
import { versionPins } from './version-pins.js';

/** Default snapshots, generated from the real charts by `npm run snapshot-defaults -- --pack traefik`. */
const snapshots = new Map<string, ReleaseSnapshot>([s20, s23, s26, s27, s28, s30, s32, s33, s34, s36, s39, s40, s41].map((s) => [s.release, s as unknown as ReleaseSnapshot]));

export default definePack({
  name: 'traefik',
  title: 'Traefik',
  releases,
  charts: chartFamilies,
  repositories: [{ name: 'traefik', url: 'https://traefik.github.io/charts' }],
  cluster,
  // The chain, in order; the consistency test checks it matches the releases and the files.
  migrations: [m20, m23, m26, m27, m28, m30, m32, m33, m34, m36, m39, m40],
  versionPins,
  snapshot(id) {
    const s = snapshots.get(id);
    if (!s) throw new Error(`no default snapshot for Traefik chart ${id}`);
    return s;
  },
});
