import {
  IdempotentInstanceTerminatedError,
  IdempotentParameterMismatchError,
  InvalidClientTokenError,
  RetrysafeError,
  TokenStoreError,
  UnsupportedInputError,
} from '@retrysafe/core';

describe('typed errors', () => {
  const errors: RetrysafeError[] = [
    new IdempotentParameterMismatchError({
      token: 't-1',
      service: 'EC2',
      operation: 'RunInstances',
      source: 'local',
      changedPaths: ['InstanceType'],
    }),
    new IdempotentInstanceTerminatedError({
      token: 't-2',
      service: 'EC2',
      operation: 'RunInstances',
      serviceCode: 'IdempotentInstanceTerminated',
    }),
    new InvalidClientTokenError({ rule: 'maxLength', limit: '1..64', member: 'ClientToken', token: 'x'.repeat(65) }),
    new TokenStoreError({ store: 'memory', kind: 'unavailable', action: 'bind' }),
    new UnsupportedInputError('Tags.0', 'cycle'),
  ];

  it('gives every error a distinct name that no AWS service error uses', () => {
    const names = errors.map((e) => e.name);
    expect(new Set(names).size).toBe(errors.length);
    for (const name of names) {
      expect(name).not.toMatch(/^(IdempotentParameterMismatch|IdempotentParameterMismatchException|TokenAlreadyExistsException|IdempotentInstanceTerminated)$/);
      expect(name.endsWith('Error')).toBe(true);
    }
  });

  it('keeps instanceof working through the base class', () => {
    for (const error of errors) {
      expect(error).toBeInstanceOf(RetrysafeError);
      expect(error).toBeInstanceOf(Error);
    }
  });

  it('says which errors are worth trying again', () => {
    expect(errors.map((e) => [e.name, e.retryable])).toEqual([
      ['IdempotentParameterMismatchError', false],
      ['IdempotentInstanceTerminatedError', false],
      ['InvalidClientTokenError', false],
      ['TokenStoreError', true],
      ['UnsupportedInputError', false],
    ]);
    const retryableByKind = (['unavailable', 'misconfigured', 'corrupt-record', 'unsupported-version', 'conflict'] as const).map(
      (kind) => [kind, new TokenStoreError({ store: 'sqlite', kind, action: 'get' }).retryable],
    );
    expect(retryableByKind).toEqual([
      ['unavailable', true],
      ['misconfigured', false],
      ['corrupt-record', false],
      ['unsupported-version', false],
      ['conflict', false],
    ]);
  });

  it('names the changed paths and keeps the cause of a service mismatch', () => {
    const cause = Object.assign(new Error('boom'), { name: 'IdempotentParameterMismatchException' });
    const error = new IdempotentParameterMismatchError({
      token: 'abc',
      service: 'RAM',
      operation: 'CreateResourceShare',
      source: 'service',
      serviceCode: 'IdempotentParameterMismatchException',
      changedPaths: ['name', 'resourceArns'],
      cause,
    });
    expect(error.cause).toBe(cause);
    expect(error.token).toBe('abc');
    expect(error.message).toContain('IdempotentParameterMismatchException');
    expect(error.message).toContain('name, resourceArns');
    expect(Object.isFrozen(error.changedPaths)).toBe(true);
  });
});
