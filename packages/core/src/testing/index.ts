// @retrysafe/core/testing: helpers for testing token stores (needs Jest).
export { describeTokenStoreContract, type TokenStoreContractSetup } from './token-store-contract.js';
export {
  randomBindingKey,
  randomDigest,
  sampleTokenRecord,
  SAMPLE_TTL_MS,
  type SampleTokenRecordInit,
} from './token-record-samples.js';
export {
  forkContender,
  raceProcesses,
  type Contender,
  type ContenderOutcome,
  type ProcessRaceOptions,
} from './process-race.js';
export { expectOneWinner } from './bind-race-expectations.js';
export type { BindRaceResult } from './bind-race-contender.js';
