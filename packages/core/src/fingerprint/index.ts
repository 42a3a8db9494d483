export { canonicalEncode } from './canonical-encoding.js';
export { changedMembers } from './changed-members.js';
export { changedPaths } from './changed-paths.js';
export { fingerprint, type Fingerprint, type FingerprintOptions } from './fingerprint.js';
export { MAX_INPUT_DEPTH } from './limits.js';
export { freezeInput, snapshotInput, type InputSnapshot } from './snapshot.js';
