// @retrysafe/core/testing: helpers for testing token stores (needs Jest).
export { describeTokenStoreContract, type TokenStoreContractSetup } from './token-store-contract.js';
export {
  randomBindingKey,
  randomDigest,
  sampleTokenRecord,
  SAMPLE_TTL_MS,
  type SampleTokenRecordInit,
} from './token-record-samples.js';
