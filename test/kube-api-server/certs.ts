/**
 * A throwaway certificate authority and a server certificate for 127.0.0.1/localhost, made at
 * start-up with node:crypto and a small DER encoder: no openssl binary, no dependency. ECDSA
 * P-256 with SHA-256, which helm, kubectl (Go) and Node all verify.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

// --- DER ---------------------------------------------------------------------------------------

function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, body: Buffer) => Buffer.concat([Buffer.from([tag]), len(body.length), body]);
const seq = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const ctx = (n: number, body: Buffer, constructed = true) => tlv((constructed ? 0xa0 : 0x80) | n, body);

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const out = [parts[0] * 40 + parts[1]];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [];
    let v = p;
    do {
      chunk.unshift(v & 0x7f);
      v >>= 7;
    } while (v > 0);
    for (let i = 0; i < chunk.length - 1; i++) chunk[i] |= 0x80;
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

function integer(buf: Buffer): Buffer {
  const b = buf[0] & 0x80 ? Buffer.concat([Buffer.from([0]), buf]) : buf;
  return tlv(0x02, b);
}
const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, 'utf8'));
const bool = (v: boolean) => tlv(0x01, Buffer.from([v ? 0xff : 0]));
const octets = (b: Buffer) => tlv(0x04, b);
const bits = (b: Buffer) => tlv(0x03, Buffer.concat([Buffer.from([0]), b]));

function time(d: Date): Buffer {
  // UTCTime for years before 2050, GeneralizedTime after (RFC 5280).
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return d.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${iso}Z`));
}

const name = (cn: string) => seq(set(seq(oid('2.5.4.3'), utf8(cn))));
const ecdsaWithSha256 = seq(oid('1.2.840.10045.4.3.2'));

interface CertSpec {
  subject: string;
  issuer: string;
  publicKey: KeyObject;
  signingKey: KeyObject;
  ca: boolean;
  sans?: { dns?: string[]; ip?: string[] };
}

function certificate(spec: CertSpec): Buffer {
  const now = Date.now();
  const extensions: Buffer[] = [
    seq(oid('2.5.29.19'), bool(true), octets(spec.ca ? seq(bool(true)) : seq())), // basicConstraints
    seq(oid('2.5.29.15'), bool(true), octets(bits(Buffer.from([spec.ca ? 0x86 : 0xa0])))), // keyUsage
  ];
  if (!spec.ca) extensions.push(seq(oid('2.5.29.37'), octets(seq(oid('1.3.6.1.5.5.7.3.1'))))); // serverAuth
  if (spec.sans) {
    const names = [
      ...(spec.sans.dns ?? []).map((d) => ctx(2, Buffer.from(d), false)),
      ...(spec.sans.ip ?? []).map((ip) => ctx(7, Buffer.from(ip.split('.').map(Number)), false)),
    ];
    extensions.push(seq(oid('2.5.29.17'), octets(seq(...names))));
  }
  const tbs = seq(
    ctx(0, integer(Buffer.from([2]))),
    integer(Buffer.concat([Buffer.from([0x01]), randomBytes(15)])),
    ecdsaWithSha256,
    name(spec.issuer),
    seq(time(new Date(now - 3600_000)), time(new Date(now + 10 * 365 * 86400_000))),
    name(spec.subject),
    spec.publicKey.export({ format: 'der', type: 'spki' }) as Buffer,
    ctx(3, seq(...extensions)),
  );
  const signature = sign('sha256', tbs, spec.signingKey);
  return seq(tbs, ecdsaWithSha256, bits(signature));
}

const pem = (label: string, der: Buffer) => `-----BEGIN ${label}-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;

export interface ServerCerts {
  caPem: string;
  certPem: string;
  keyPem: string;
}

export function makeServerCerts(): ServerCerts {
  const ca = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const leaf = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const caDer = certificate({ subject: 'kube-api-server test CA', issuer: 'kube-api-server test CA', publicKey: ca.publicKey, signingKey: ca.privateKey, ca: true });
  const leafDer = certificate({
    subject: 'kube-api-server',
    issuer: 'kube-api-server test CA',
    publicKey: leaf.publicKey,
    signingKey: ca.privateKey,
    ca: false,
    sans: { dns: ['localhost', 'kubernetes.default.svc'], ip: ['127.0.0.1'] },
  });
  return {
    caPem: pem('CERTIFICATE', caDer),
    certPem: pem('CERTIFICATE', leafDer),
    keyPem: leaf.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
  };
}

// Re-exported for tests that check the key round-trips.
export { createPrivateKey, createPublicKey };
