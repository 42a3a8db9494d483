import { TokenStoreError } from '@retrysafe/core';

/** A store, or a piece of it, that must reject with a TokenStoreError of this kind. */
export async function expectStoreError(promise: Promise<unknown>, kind: TokenStoreError['kind']): Promise<TokenStoreError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(TokenStoreError);
  expect((error as TokenStoreError).kind).toBe(kind);
  expect((error as TokenStoreError).store).toBe('dynamodb');
  return error as TokenStoreError;
}
