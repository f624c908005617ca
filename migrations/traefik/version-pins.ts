import type { VersionPins } from '../../src/core/types.js';

/**
 * The Traefik Proxy versions each chart line shipped (its appVersion across its patches): a tag
 * pinned to one of them is the old chart's own version, dropped so the new chart runs its own;
 * any other pin is kept and reported.
 */
const lines: Record<string, RegExp> = {
  '20': /^v?2\.9\.\d+$/,
  '23': /^v?2\.10\.\d+$/,
  '26': /^v?2\.11\.\d+$/,
  '27': /^v?2\.11\.\d+$/,
  '28': /^v?3\.0\.\d+$/,
  '30': /^v?3\.1\.\d+$/,
  '32': /^v?3\.1\.\d+$/,
  '33': /^v?3\.2\.\d+$/,
  '34': /^v?3\.3\.\d+$/,
  '36': /^v?3\.4\.\d+$/,
  '39': /^v?3\.6\.\d+$/,
  '40': /^v?3\.7\.\d+$/,
  '41': /^v?3\.7\.\d+$/,
};

export const versionPins: VersionPins = {
  paths: ['image.tag'],
  shipped: (release) => (lines[release] ? [lines[release]] : []),
};
