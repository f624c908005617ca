/** The server's building blocks on their own: patches, selectors, protobuf decoding. */
import { describe, expect, it } from 'vitest';
import { jsonMergePatch, jsonPatch, serverSideApply, strategicMergePatch } from './patches.js';
import { decodeProtobuf } from './protobuf.js';
import { matches, parseLabelSelector } from './selectors.js';

describe('patches', () => {
  it('JSON merge patch deletes with null and replaces lists', () => {
    expect(jsonMergePatch({ a: 1, b: { c: 2, d: 3 }, l: [1, 2] }, { b: { c: null }, l: [3] })).toEqual({ a: 1, b: { d: 3 }, l: [3] });
  });

  it('JSON patch applies add, replace, remove and test', () => {
    const doc = { metadata: { labels: { a: 'b' } }, list: [1, 2] };
    expect(jsonPatch(doc, [
      { op: 'add', path: '/metadata/labels/c', value: 'd' },
      { op: 'replace', path: '/list/0', value: 9 },
      { op: 'remove', path: '/metadata/labels/a' },
      { op: 'test', path: '/list/1', value: 2 },
    ])).toEqual({ metadata: { labels: { c: 'd' } }, list: [9, 2] });
    expect(() => jsonPatch(doc, [{ op: 'test', path: '/list/0', value: 5 }])).toThrow(/test failed/);
  });

  it('strategic merge merges containers by name and env by name', () => {
    const live: any = { spec: { containers: [{ name: 'a', image: 'x:1', env: [{ name: 'A', value: '1' }] }, { name: 'b', image: 'y:1' }] } };
    const out = strategicMergePatch(live, { spec: { containers: [{ name: 'a', image: 'x:2', env: [{ name: 'B', value: '2' }] }] } }) as any;
    expect(out.spec.containers).toEqual([{ name: 'a', image: 'x:2', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }, { name: 'b', image: 'y:1' }]);
    const deleted = strategicMergePatch(live, { spec: { containers: [{ name: 'b', $patch: 'delete' }] } }) as any;
    expect(deleted.spec.containers.map((c: any) => c.name)).toEqual(['a']);
    expect(strategicMergePatch({ data: { a: '1', b: '2' } }, { data: { $patch: 'replace', c: '3' } })).toEqual({ data: { c: '3' } });
  });

  it('server-side apply drops fields its manager no longer applies', () => {
    const first = { metadata: { name: 'x' }, data: { a: '1', b: '2' } };
    const live = serverSideApply(undefined, first, undefined);
    expect(serverSideApply({ ...(live as any), data: { a: '1', b: '2', other: 'kept' } }, { metadata: { name: 'x' }, data: { a: '9' } }, first)).toEqual({ metadata: { name: 'x' }, data: { a: '9', other: 'kept' } });
  });
});

describe('selectors', () => {
  const labels = { name: 'linkerd', owner: 'helm', status: 'deployed' };
  const get = (k: string) => (labels as Record<string, string>)[k];
  it.each([
    ['name=linkerd,owner=helm', true],
    ['name==linkerd', true],
    ['name!=linkerd', false],
    ['status in (deployed,superseded)', true],
    ['status notin (deployed)', false],
    ['owner', true],
    ['!owner', false],
    ['version', false],
  ])('%s → %s', (sel, want) => {
    expect(matches(parseLabelSelector(sel), get)).toBe(want);
  });
  it('rejects garbage', () => {
    expect(() => parseLabelSelector('a in b')).toThrow();
  });
});

describe('protobuf bodies', () => {
  /** Encodes the few protobuf shapes the decoder reads, to feed it known input. */
  const varint = (n: number) => {
    const out = [];
    do {
      let b = n & 0x7f;
      n = Math.floor(n / 128);
      if (n) b |= 0x80;
      out.push(b);
    } while (n);
    return Buffer.from(out);
  };
  const field = (no: number, body: Buffer | string) => {
    const b = typeof body === 'string' ? Buffer.from(body) : body;
    return Buffer.concat([varint(no * 8 + 2), varint(b.length), b]);
  };
  const entry = (no: number, k: string, v: Buffer | string) => field(no, Buffer.concat([field(1, k), field(2, v)]));

  it('decodes a Secret the way helm sends its release record', () => {
    const meta = Buffer.concat([field(1, 'sh.helm.release.v1.x.v1'), entry(11, 'owner', 'helm'), entry(11, 'name', 'x')]);
    const secret = Buffer.concat([field(1, meta), entry(2, 'release', Buffer.from([0x1f, 0x8b, 0x08])), field(3, 'helm.sh/release.v1')]);
    const body = Buffer.concat([Buffer.from('k8s\0', 'latin1'), field(1, Buffer.concat([field(1, 'v1'), field(2, 'Secret')])), field(2, secret)]);
    expect(decodeProtobuf(body)).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'sh.helm.release.v1.x.v1', labels: { owner: 'helm', name: 'x' } },
      data: { release: Buffer.from([0x1f, 0x8b, 0x08]).toString('base64') },
      type: 'helm.sh/release.v1',
    });
  });

  it('refuses a body without the k8s envelope', () => {
    expect(() => decodeProtobuf(Buffer.from('{"a":1}'))).toThrow(/envelope/);
  });
});
