import fc from 'fast-check';
import { deriveToken, listTokenMembers, randomToken, validateClientToken } from '@retrysafe/core';

// Every member of the AWS models gets a valid token, derived and random.
const KEYS_PER_ROW = 3;

describe('tokens for every AWS token member', () => {
  const rows = listTokenMembers();

  it('covers the whole table', () => {
    expect(rows.length).toBe(1582);
  });

  it('derives a valid token for every row, a few random keys each', () => {
    for (const info of rows) {
      const context = { service: info.service, operation: info.operation, member: info.member };
      fc.assert(
        fc.property(fc.string({ unit: 'binary' }), fc.nat({ max: 100 }), fc.option(fc.string({ minLength: 1 }), { nil: undefined }), (key, occurrence, secret) => {
          const parts = { namespace: 'ns', service: info.service, operation: info.operation, scope: 'acct/region', key, occurrence, secret };
          const token = deriveToken(parts, info.limits);
          return validateClientToken(token, info.limits, context) === token && deriveToken(parts, info.limits) === token;
        }),
        { numRuns: KEYS_PER_ROW },
      );
    }
  });

  it('makes a valid random token for every row, a few each', () => {
    for (const info of rows) {
      const context = { service: info.service, operation: info.operation, member: info.member };
      for (let draw = 0; draw < KEYS_PER_ROW; draw += 1) {
        const token = randomToken(info.limits);
        expect(validateClientToken(token, info.limits, context)).toBe(token);
      }
    }
  });

  it('keeps the UUID shape wherever a UUID fits, and needs another shape only for a handful of rows', () => {
    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const other = rows.filter((info) => !UUID.test(deriveToken({ namespace: 'ns', service: info.service, operation: info.operation, scope: '', key: 'k', occurrence: 0 }, info.limits)));
    expect(other.map((info) => `${info.service} ${info.operation}`).sort()).toEqual([
      'ACM PutAccountConfiguration',
      'ACM RequestCertificate',
      'CloudHSM CreateHsm',
      'Config Service StartResourceEvaluation',
    ]);
  });
});
