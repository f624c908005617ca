/**
 * Decoding the protobuf request bodies client-go sends for Secrets and ConfigMaps (helm 3.17+
 * and helm 4 write release records this way). Only what those two kinds carry: the `k8s\0`
 * envelope, runtime.Unknown, ObjectMeta, and the maps of data. Responses are always JSON.
 */

class Reader {
  pos = 0;
  constructor(readonly buf: Buffer, readonly end = buf.length) {}
  done(): boolean {
    return this.pos >= this.end;
  }
  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.buf[this.pos++];
      result += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) return result;
      shift += 7;
    }
  }
  /** Next field: its number, wire type, and a reader over its value when length-delimited. */
  field(): { no: number; wire: number; bytes?: Buffer; num?: number } {
    const tag = this.varint();
    const no = Math.floor(tag / 8);
    const wire = tag & 7;
    if (wire === 0) return { no, wire, num: this.varint() };
    if (wire === 2) {
      const n = this.varint();
      const bytes = this.buf.subarray(this.pos, this.pos + n);
      this.pos += n;
      return { no, wire, bytes };
    }
    if (wire === 1) {
      this.pos += 8;
      return { no, wire };
    }
    if (wire === 5) {
      this.pos += 4;
      return { no, wire };
    }
    throw new Error(`unsupported protobuf wire type ${wire}`);
  }
}

function fields(buf: Buffer): { no: number; wire: number; bytes?: Buffer; num?: number }[] {
  const r = new Reader(buf);
  const out = [];
  while (!r.done()) out.push(r.field());
  return out;
}

function mapEntry(buf: Buffer): [string, Buffer] {
  let key = '';
  let value: Buffer = Buffer.alloc(0);
  for (const f of fields(buf)) {
    if (f.no === 1 && f.bytes) key = f.bytes.toString('utf8');
    if (f.no === 2 && f.bytes) value = f.bytes;
  }
  return [key, value];
}

function objectMeta(buf: Buffer): Record<string, unknown> {
  const meta: Record<string, any> = {};
  for (const f of fields(buf)) {
    const s = f.bytes?.toString('utf8');
    switch (f.no) {
      case 1:
        meta.name = s;
        break;
      case 2:
        meta.generateName = s;
        break;
      case 3:
        meta.namespace = s;
        break;
      case 5:
        meta.uid = s;
        break;
      case 6:
        meta.resourceVersion = s;
        break;
      case 7:
        meta.generation = f.num;
        break;
      case 11:
      case 12: {
        const [k, v] = mapEntry(f.bytes!);
        const key = f.no === 11 ? 'labels' : 'annotations';
        meta[key] = { ...(meta[key] ?? {}), [k]: v.toString('utf8') };
        break;
      }
      case 14:
        meta.finalizers = [...(meta.finalizers ?? []), s];
        break;
      default:
        // creationTimestamp (8), ownerReferences (13), managedFields (17)…: the server sets or ignores them.
        break;
    }
  }
  for (const k of ['name', 'generateName', 'namespace', 'uid', 'resourceVersion']) if (meta[k] === '') delete meta[k];
  return meta;
}

/** Decodes a `application/vnd.kubernetes.protobuf` body into the JSON object it stands for. */
export function decodeProtobuf(body: Buffer): Record<string, any> {
  if (body.length < 4 || body.subarray(0, 4).toString('latin1') !== 'k8s\0') throw new Error('missing k8s protobuf envelope');
  let apiVersion = '';
  let kind = '';
  let raw: Buffer | undefined;
  for (const f of fields(body.subarray(4))) {
    if (f.no === 1 && f.bytes) {
      for (const t of fields(f.bytes)) {
        if (t.no === 1) apiVersion = t.bytes!.toString('utf8');
        if (t.no === 2) kind = t.bytes!.toString('utf8');
      }
    }
    if (f.no === 2) raw = f.bytes;
  }
  const obj: Record<string, any> = { apiVersion, kind };
  if (!raw) return obj;
  for (const f of fields(raw)) {
    if (f.no === 1) obj.metadata = objectMeta(f.bytes!);
    else if (kind === 'Secret') {
      if (f.no === 2) {
        const [k, v] = mapEntry(f.bytes!);
        obj.data = { ...(obj.data ?? {}), [k]: v.toString('base64') };
      } else if (f.no === 3) obj.type = f.bytes!.toString('utf8');
      else if (f.no === 4) {
        const [k, v] = mapEntry(f.bytes!);
        obj.stringData = { ...(obj.stringData ?? {}), [k]: v.toString('utf8') };
      } else if (f.no === 5) obj.immutable = f.num === 1;
    } else if (kind === 'ConfigMap') {
      if (f.no === 2) {
        const [k, v] = mapEntry(f.bytes!);
        obj.data = { ...(obj.data ?? {}), [k]: v.toString('utf8') };
      } else if (f.no === 3) {
        const [k, v] = mapEntry(f.bytes!);
        obj.binaryData = { ...(obj.binaryData ?? {}), [k]: v.toString('base64') };
      } else if (f.no === 4) obj.immutable = f.num === 1;
    }
  }
  return obj;
}
