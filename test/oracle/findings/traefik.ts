import type { Finding } from './index.js';

/** What the render oracle finds on the Traefik pack and the pack does not fix; `why` as in linkerd.ts. */
export const traefik: Finding[] = [
  { step: '40', chart: 'traefik', scope: 'leaves', leaves: 'hub.apimanagement.enabled', why: 'upstream: 41 renders the API portal Service only with hub.token: API management runs only in the Traefik Hub distribution, which needs the token; without one the Service fronted nothing' },
];
