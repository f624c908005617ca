/**
 * Finding secrets in values: a key decides (its ending), whatever its length, and the walk that
 * collects them and the one that only asks whether there is one agree.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectSecrets, holdsSecret, isSecretPath, privateFileMode } from '../../src/core/secrets.js';
import { plainTrees } from '../helpers/plain-trees.js';

const endings = ['PEM', 'keyPEM', 'KeyPem', 'password', 'passwd', 'secret', 'token', 'privateKey', 'existingSecret', 'secretName', 'Key', 'tokens', 'PEMs'];

describe('secrets', () => {
  it('a key is secret by its ending, however long the key', () => {
    const key = fc.tuple(fc.string({ maxLength: 70 }), fc.constantFrom('', ...endings)).map(([a, b]) => a + b);
    fc.assert(
      fc.property(key, (k) => {
        const byPattern = /(PEM|[Kk]ey[Pp][Ee][Mm]|password|passwd|secret|token|privateKey)$/.test(k) && !/^(externalSecret|existingSecret|secretName)$/.test(k);
        expect(isSecretPath(['a', k])).toBe(byPattern);
      }),
      { numRuns: 3000 },
    );
    expect(isSecretPath([`team.example.com/${'x'.repeat(60)}-issuerKeyPEM`])).toBe(true);
    expect(isSecretPath(['existingSecret'])).toBe(false);
  });

  it('collects secrets under maps and in lists, each long line of one too, and says whether a tree holds any', () => {
    const key = 'k'.repeat(20);
    const pem = `-----BEGIN KEY-----\n${key}\nshort line\n-----END KEY-----`;
    const v = { identity: { issuer: { tls: { keyPEM: pem } } }, extra: [{ token: 'abcdefgh12' }, { token: 'short' }], other: 'plain text here' };
    // Lines of 16 characters or more are scrubbed on their own too ("short line" is not).
    expect([...collectSecrets(v)].sort()).toEqual([pem, '-----BEGIN KEY-----', key, '-----END KEY-----', 'abcdefgh12'].sort());
    expect(holdsSecret(v)).toBe(true);
    expect(privateFileMode(v)).toBe(0o600);
    expect(privateFileMode({ other: 'plain text here', list: [1, 2] })).toBeUndefined();
  });

  it('holdsSecret agrees with collectSecrets on generated trees', () => {
    const { key, value } = plainTrees(['keyPEM', 'token', 'password', 'name', 'secretName', 'tls'], ['abcdefghij', '  spaced  value  ', 'x']);
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 6 }), (tree) => {
        expect(holdsSecret(tree)).toBe(collectSecrets(tree).size > 0);
      }),
      { numRuns: 1000 },
    );
  });
});
