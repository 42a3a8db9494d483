import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isTokenConflictCode, tokenConflictFor, type TokenConflict } from '@retrysafe/core';

// ../shared/reference beside the repository root (this file is packages/core/test/).
const REFERENCE_PATH = join(__dirname, '..', '..', '..', '..', 'shared', 'reference', 'aws-token-errors.json');

type Expected = TokenConflict | undefined;

/** Every row of the reference file, with what it must map to (the reasons are in token-conflicts.ts). */
const EXPECTED_ROWS: ReadonlyArray<readonly [service: string, code: string, expected: Expected]> = [
  ['CloudFormation', 'TokenAlreadyExistsException', 'mismatch'],
  ['CodeCommit', 'IdempotencyParameterMismatchException', 'mismatch'],
  ['Config Service', 'IdempotentParameterMismatch', 'mismatch'],
  ['Connect', 'IdempotencyException', undefined],
  ['Device Farm', 'IdempotencyException', undefined],
  ['DynamoDB', 'IdempotentParameterMismatchException', 'mismatch'],
  ['GameLift', 'IdempotentParameterMismatchException', 'mismatch'],
  ['Glue', 'IdempotentParameterMismatchException', 'mismatch'],
  ['imagebuilder', 'IdempotentParameterMismatchException', 'mismatch'],
  ['Machine Learning', 'IdempotentParameterMismatchException', 'mismatch'],
  ['RAM', 'IdempotentParameterMismatchException', 'mismatch'],
  ['Rekognition', 'IdempotentParameterMismatchException', 'mismatch'],
  ['RoboMaker', 'IdempotentParameterMismatchException', 'mismatch'],
  ['S3 Control', 'IdempotencyException', undefined],
  ['SSM', 'IdempotentParameterMismatch', 'mismatch'],
  ['Textract', 'IdempotentParameterMismatchException', 'mismatch'],
  ['EC2', 'IdempotentParameterMismatch', 'mismatch'],
  ['App Mesh', 'ConflictException', undefined],
  ['Application Discovery Service', 'ResourceInUseException', undefined],
  ['CloudFront', 'CloudFrontOriginAccessIdentityAlreadyExists', undefined],
  ['CloudFront', 'DistributionAlreadyExists', undefined],
  ['CloudFront', 'StreamingDistributionAlreadyExists', undefined],
  ['DynamoDB', 'ImportConflictException', undefined],
  ['EBS', 'ConflictException', undefined],
  ['ECS', 'ConflictException', undefined],
  ['FSx', 'IncompatibleParameterError', 'mismatch'],
  ['GreengrassV2', 'RequestAlreadyInProgressException', undefined],
  ['IoT', 'TaskAlreadyExistsException', undefined],
  ['Route 53', 'CidrCollectionAlreadyExistsException', undefined],
  ['Route 53', 'DelegationSetAlreadyCreated', undefined],
  ['Route 53', 'HealthCheckAlreadyExists', undefined],
  ['Route 53', 'HostedZoneAlreadyExists', undefined],
  ['Directory Service Data', 'ConflictException', undefined],
  ['SFN', 'ExecutionAlreadyExists', undefined],
  ['CloudControl', 'ClientTokenConflictException', 'mismatch'],
  ['CodeCommit', 'ClientRequestTokenRequiredException', undefined],
  ['CodeCommit', 'InvalidClientRequestTokenException', undefined],
  ['CodePipeline', 'InvalidClientTokenException', undefined],
  ['RAM', 'InvalidClientTokenException', undefined],
  ['EC2', 'IdempotentInstanceTerminated', 'instance-terminated'],
];

interface ReferenceRow {
  service: string;
  code: string;
  queryCode: string | null;
}

describe('tokenConflictFor', () => {
  it.each(EXPECTED_ROWS)('%s %s -> %s', (service, code, expected) => {
    expect(tokenConflictFor(service, code)).toBe(expected);
  });

  it('reads the SDK client names: EC2Client ~ EC2, RAMClient ~ RAM, FSxClient ~ FSx', () => {
    expect(tokenConflictFor('EC2Client', 'IdempotentParameterMismatch')).toBe('mismatch');
    expect(tokenConflictFor('ec2', 'IdempotentInstanceTerminated')).toBe('instance-terminated');
    expect(tokenConflictFor('RAMClient', 'IdempotentParameterMismatchException')).toBe('mismatch');
    expect(tokenConflictFor('FSxClient', 'IncompatibleParameterError')).toBe('mismatch');
    expect(tokenConflictFor('CloudControlClient', 'ClientTokenConflictException')).toBe('mismatch');
    expect(tokenConflictFor('ConfigServiceClient', 'IdempotentParameterMismatch')).toBe('mismatch');
    expect(tokenConflictFor('MachineLearningClient', 'IdempotentParameterMismatchException')).toBe('mismatch');
  });

  it("maps RAM's query-compatible code (the error's Code)", () => {
    expect(tokenConflictFor('RAM', 'IdempotentParameterMismatch')).toBe('mismatch');
  });

  it('keeps a service-specific code to its service', () => {
    // FSx's name is generic elsewhere.
    expect(tokenConflictFor('EC2', 'IncompatibleParameterError')).toBeUndefined();
    expect(tokenConflictFor('SomeFutureService', 'IncompatibleParameterError')).toBeUndefined();
  });

  it('recognises the unambiguous names for services it does not list', () => {
    expect(tokenConflictFor('SomeFutureService', 'IdempotentParameterMismatchException')).toBe('mismatch');
    expect(tokenConflictFor('SomeFutureService', 'IdempotencyParameterMismatchException')).toBe('mismatch');
    expect(tokenConflictFor('SomeFutureService', 'ConflictException')).toBeUndefined();
  });

  it('compares codes exactly (the SDK never changes their case)', () => {
    expect(tokenConflictFor('EC2', 'idempotentparametermismatch')).toBeUndefined();
    expect(tokenConflictFor('EC2', '')).toBeUndefined();
  });

  const reference: ReferenceRow[] | undefined = existsSync(REFERENCE_PATH)
    ? (JSON.parse(readFileSync(REFERENCE_PATH, 'utf8')) as { rows: ReferenceRow[] }).rows
    : undefined;
  const itWithReference = reference === undefined ? it.skip : it;

  itWithReference('decides every row of ../shared/reference/aws-token-errors.json, and only those', () => {
    // EC2's IdempotentParameterMismatch appears twice there (with and without a note): compare as sets.
    const referenceKeys = new Set((reference ?? []).map((row) => `${row.service}/${row.code.replace(/ \(.*\)$/, '')}`));
    const expectedKeys = new Set(EXPECTED_ROWS.map(([service, code]) => `${service}/${code}`));
    expect(expectedKeys.size).toBe(EXPECTED_ROWS.length);
    expect([...expectedKeys].sort()).toEqual([...referenceKeys].sort());
  });

  itWithReference('maps every query code of a mapped row as the row', () => {
    for (const row of reference ?? []) {
      if (row.queryCode === null) continue;
      expect(tokenConflictFor(row.service, row.queryCode)).toBe(tokenConflictFor(row.service, row.code));
    }
  });
});

describe('isTokenConflictCode', () => {
  it.each([
    'IdempotentParameterMismatch',
    'IdempotentParameterMismatchException',
    'IdempotencyParameterMismatchException',
    'TokenAlreadyExistsException',
    'ClientTokenConflictException',
    'IdempotentInstanceTerminated',
  ])('%s is a token conflict in any service', (code) => {
    expect(isTokenConflictCode(code)).toBe(true);
  });

  it.each([
    'ConflictException',
    'ResourceInUseException',
    'DistributionAlreadyExists',
    'HostedZoneAlreadyExists',
    'ExecutionAlreadyExists',
    'IdempotencyException',
    'IncompatibleParameterError',
    'InvalidClientTokenException',
    'InvalidClientToken',
    'IdempotentParameterMismatchError',
    'ThrottlingException',
    '',
  ])('%s is not', (code) => {
    expect(isTokenConflictCode(code)).toBe(false);
  });
});
