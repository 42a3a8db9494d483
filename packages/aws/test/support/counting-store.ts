import { MemoryTokenStore, type BindResult, type TokenRecord, type TokenStore } from '@retrysafe/core';

/** A real MemoryTokenStore that counts calls and can be switched off like a store that went down. */
export class CountingStore implements TokenStore {
  readonly name = 'counting-memory';
  readonly calls: string[] = [];
  down = false;
  /** What every call throws while `down`: by default what a refused connection throws. */
  failure: () => unknown = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
  private readonly inner = new MemoryTokenStore();

  private enter(action: string): void {
    this.calls.push(action);
    if (this.down) throw this.failure();
  }
  async bind(record: TokenRecord): Promise<BindResult> {
    this.enter('bind');
    return this.inner.bind(record);
  }
  async get(bindingKey: string): Promise<TokenRecord | undefined> {
    this.enter('get');
    return this.inner.get(bindingKey);
  }
  async complete(bindingKey: string, token: string, status: 'succeeded' | 'failed'): Promise<void> {
    this.enter('complete');
    return this.inner.complete(bindingKey, token, status);
  }
  async delete(bindingKey: string): Promise<void> {
    this.enter('delete');
    return this.inner.delete(bindingKey);
  }
}
