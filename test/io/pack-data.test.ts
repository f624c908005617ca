/** Default snapshots are read from the pack's folder on first use, once each, and only for its releases. */
import { describe, expect, it } from 'vitest';
import linkerd from '../../migrations/linkerd/index.js';
import traefik from '../../migrations/traefik/index.js';
import { HelmMigrateError } from '../../src/core/errors.js';
import { snapshotFiles } from '../../src/io/pack-data.js';

describe('snapshotFiles', () => {
  it("reads each of a pack's releases from its defaults/ folder, the same object every time", () => {
    for (const pack of [linkerd, traefik]) {
      for (const r of pack.releases) {
        const snap = pack.snapshot(r.id);
        expect(snap.release).toBe(r.id);
        expect(pack.snapshot(r.id)).toBe(snap);
      }
    }
  });

  it('refuses an id that is not one of the release ids it was given, before making a path of it', () => {
    const read = snapshotFiles('linkerd', ['2.9']);
    expect(read('2.9').release).toBe('2.9');
    for (const id of ['2.10', '../traefik/defaults/20', '']) {
      expect(() => read(id)).toThrow(HelmMigrateError);
      expect(() => read(id)).toThrow(/no default snapshot for linkerd release/);
    }
  });

  it('names the file when a release it knows has no file (an install that lost part of the package)', () => {
    expect(() => snapshotFiles('no-such-pack', ['1.0'])('1.0')).toThrow(/cannot read the default snapshot of no-such-pack release 1\.0 \(.*migrations\/no-such-pack\/defaults\/1\.0\.json\): ENOENT/);
  });
});
