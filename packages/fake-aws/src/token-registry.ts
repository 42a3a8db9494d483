// The services' memory of idempotency tokens: a token, within its scope
// (account and Region, or Availability Zone for EC2 RunInstances), is bound
// for good to the fingerprint of the first request that succeeded with it and
// to that request's result. Only fingerprints are kept, never parameters.

export type TokenLookup<T> =
  | { readonly outcome: 'unbound' }
  | { readonly outcome: 'same'; readonly result: T }
  | { readonly outcome: 'different' };

interface Binding<T> {
  readonly fingerprint: string;
  readonly result: T;
}

export class TokenRegistry<T> {
  private readonly bindings = new Map<string, Binding<T>>();

  lookup(scope: string, token: string, fingerprint: string): TokenLookup<T> {
    const binding = this.bindings.get(bindingKey(scope, token));
    if (binding === undefined) return { outcome: 'unbound' };
    if (binding.fingerprint !== fingerprint) return { outcome: 'different' };
    return { outcome: 'same', result: binding.result };
  }

  bind(scope: string, token: string, fingerprint: string, result: T): void {
    this.bindings.set(bindingKey(scope, token), { fingerprint, result });
  }

  clear(): void {
    this.bindings.clear();
  }
}

function bindingKey(scope: string, token: string): string {
  return JSON.stringify([scope, token]);
}
