import type { PatchMigration } from '../../src/core/types.js';

/** 2.11.0 still required identity.issuer.crtExpiry; 2.11.1 dropped it (linkerd2 PR #7056). */
const patch: PatchMigration = {
  from: '2.11.0',
  to: '2.11',
  fromVersions: '>=2.11.0 <2.11.1',
  summary: 'identity.issuer.crtExpiry is no longer required (2.11.1)',
  charts: [
    {
      chart: 'linkerd2',
      operations: [
        {
          op: 'remove',
          path: 'identity.issuer.crtExpiry',
          why: 'no longer required or read from 2.11.1 on; cert-manager-rotated issuers no longer need it pushed into Helm',
          severity: 'info',
        },
      ],
    },
  ],
};

export default patch;
