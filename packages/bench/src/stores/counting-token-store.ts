import type { BindingStatus, BindResult, ListOptions, TokenRecord, TokenStore } from '@retrysafe/core';

/** Store methods the plugin may call on a keyed send. */
export type StoreMethod = 'bind' | 'get' | 'complete' | 'delete' | 'list' | 'prune';

/**
 * Wraps any real store and counts the calls made to it, by method: the
 * plugin's store traffic per keyed operation, whatever the backend.
 */
export class CountingTokenStore implements TokenStore {
  readonly name: string;
  private counts: Record<StoreMethod, number> = emptyCounts();

  constructor(private readonly inner: TokenStore) {
    this.name = inner.name;
  }

  /** Calls so far, by method. */
  get calls(): Readonly<Record<StoreMethod, number>> {
    return { ...this.counts };
  }

  reset(): void {
    this.counts = emptyCounts();
  }

  bind(record: TokenRecord): Promise<BindResult> {
    this.counts.bind += 1;
    return this.inner.bind(record);
  }

  get(bindingKey: string): Promise<TokenRecord | undefined> {
    this.counts.get += 1;
    return this.inner.get(bindingKey);
  }

  complete(bindingKey: string, token: string, status: Exclude<BindingStatus, 'pending'>): Promise<void> {
    this.counts.complete += 1;
    return this.inner.complete(bindingKey, token, status);
  }

  delete(bindingKey: string): Promise<void> {
    this.counts.delete += 1;
    return this.inner.delete(bindingKey);
  }

  async list(options?: ListOptions): Promise<TokenRecord[]> {
    this.counts.list += 1;
    if (this.inner.list === undefined) throw new Error(`store ${this.name} cannot list`);
    return this.inner.list(options);
  }

  async prune(): Promise<number> {
    this.counts.prune += 1;
    return (await this.inner.prune?.()) ?? 0;
  }

  async close(): Promise<void> {
    await this.inner.close?.();
  }
}

function emptyCounts(): Record<StoreMethod, number> {
  return { bind: 0, get: 0, complete: 0, delete: 0, list: 0, prune: 0 };
}
