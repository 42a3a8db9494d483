import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findTokenMember, listTokenMembers, normalizeServiceName, type TokenMemberInfo } from '@retrysafe/core';

// ../shared/reference beside the repository root (this file is packages/core/test/).
const REFERENCE_PATH = join(__dirname, '..', '..', '..', '..', 'shared', 'reference', 'aws-token-members.json');
const REFERENCE_ROWS = 1582;

interface ReferenceRow {
  service: string;
  operation: string;
  member: string;
  trait: boolean;
  required: boolean;
  location: string | null;
  locationName: string | null;
  length: { min?: number; max?: number } | null;
  pattern: string | null;
}

/** A shipped row in the reference file's own form. */
function asReferenceRow(info: TokenMemberInfo): ReferenceRow {
  const { minLength, maxLength, pattern } = info.limits;
  const length = minLength === undefined && maxLength === undefined ? null : { ...(minLength === undefined ? {} : { min: minLength }), ...(maxLength === undefined ? {} : { max: maxLength }) };
  return {
    service: info.service,
    operation: info.operation,
    member: info.member,
    trait: info.trait,
    required: info.required,
    location: info.location ?? null,
    locationName: info.locationName ?? null,
    length,
    pattern: pattern ?? null,
  };
}

/** Maximum lengths the EC2 API reference documents for members whose models give none; the table adds them. */
const DOCUMENTED_MAX_LENGTHS: Readonly<Record<string, number>> = {
  'EC2/RunInstances': 64,
  'EC2/CreateFleet': 64,
  'EC2/CreateNatGateway': 64,
  'EC2/CreateLaunchTemplate': 128,
  'EC2/CreateLaunchTemplateVersion': 128,
};

function withDocumentedLength(row: ReferenceRow): ReferenceRow {
  const max = DOCUMENTED_MAX_LENGTHS[`${row.service}/${row.operation}`];
  return max === undefined || row.length?.max !== undefined ? row : { ...row, length: { ...row.length, max } };
}

function byServiceOperationMember(a: ReferenceRow, b: ReferenceRow): number {
  for (const field of ['service', 'operation', 'member'] as const) {
    if (a[field] !== b[field]) return a[field] < b[field] ? -1 : 1;
  }
  return 0;
}

describe('token member table', () => {
  const referencePresent = existsSync(REFERENCE_PATH);
  const itWithReference = referencePresent ? it : it.skip;
  if (!referencePresent) {
    it.todo(`compare with the reference table: ${REFERENCE_PATH} is absent here (CI has it)`);
  }

  itWithReference('equals ../shared/reference/aws-token-members.json, row for row, plus the documented EC2 maximums', () => {
    const reference = JSON.parse(readFileSync(REFERENCE_PATH, 'utf8')) as { rows: ReferenceRow[] };
    const expected = reference.rows.map(withDocumentedLength).sort(byServiceOperationMember);
    expect(listTokenMembers().map(asReferenceRow)).toEqual(expected);
  });

  it(`ships all ${REFERENCE_ROWS} rows, sorted by service, operation and member`, () => {
    const rows = listTokenMembers().map(asReferenceRow);
    expect(rows).toHaveLength(REFERENCE_ROWS);
    expect([...rows].sort(byServiceOperationMember)).toEqual(rows);
  });

  it('gives frozen rows, so no caller can change the table for everyone', () => {
    const info = findTokenMember('EC2', 'RunInstances')!;
    expect(Object.isFrozen(info)).toBe(true);
    expect(Object.isFrozen(info.limits)).toBe(true);
    expect(Object.isFrozen(listTokenMembers())).toBe(true);
  });

  it('finds EC2 RunInstances in every spelling of the service and the operation', () => {
    const expected = { service: 'EC2', operation: 'RunInstances', member: 'ClientToken', trait: true, limits: { maxLength: 64 } };
    for (const service of ['EC2', 'ec2', 'EC2Client']) {
      for (const operation of ['RunInstances', 'RunInstancesCommand', 'runinstances']) {
        expect(findTokenMember(service, operation)).toMatchObject(expected);
      }
    }
  });

  it('finds members with limits: CloudFormation CreateStack, ACM RequestCertificate, Config StartResourceEvaluation', () => {
    expect(findTokenMember('CloudFormationClient', 'CreateStackCommand')).toMatchObject({
      member: 'ClientRequestToken',
      trait: false,
      limits: { minLength: 1, maxLength: 128, pattern: '^[a-zA-Z0-9][-a-zA-Z0-9]*$' },
    });
    expect(findTokenMember('ACM', 'RequestCertificate')?.limits).toEqual({ minLength: 1, maxLength: 32, pattern: '^\\w+$' });
    expect(findTokenMember('ConfigServiceClient', 'StartResourceEvaluation')?.limits).toEqual({ minLength: 64, maxLength: 256 });
  });

  it('adds the maximum lengths EC2 documents where its model gives none, and never overrides a model', () => {
    for (const [name, maxLength] of Object.entries(DOCUMENTED_MAX_LENGTHS)) {
      const [service, operation] = name.split('/') as [string, string];
      expect(findTokenMember(service, operation)?.limits).toEqual({ maxLength });
    }
    expect(findTokenMember('EC2', 'CopyImage')?.limits).toEqual({ minLength: 0, maxLength: 128 });
    expect(findTokenMember('EC2', 'CreateVpcEndpoint')?.limits).toEqual({});
  });

  it('matches services the SDK spells without spaces (ACMPCAClient -> ACM PCA)', () => {
    expect(findTokenMember('ACMPCAClient', 'IssueCertificateCommand')).toMatchObject({ service: 'ACM PCA', member: 'IdempotencyToken' });
  });

  it("finds a service whose name ends in 'Client' by its SDK client name as well", () => {
    for (const service of ['WorkSpacesThinClientClient', 'WorkSpacesThinClient', 'WorkSpaces Thin Client']) {
      expect(findTokenMember(service, 'CreateEnvironment')).toMatchObject({ service: 'WorkSpaces Thin Client', member: 'clientToken' });
    }
    expect(listTokenMembers('WorkSpacesThinClientClient')).toEqual(listTokenMembers('WorkSpaces Thin Client'));
  });

  it("tells an operation ending in 'Command' from another operation's command class", () => {
    expect(findTokenMember('BedrockAgentCoreClient', 'InvokeAgentRuntimeCommand')?.operation).toBe('InvokeAgentRuntimeCommand');
    expect(findTokenMember('BedrockAgentCoreClient', 'InvokeAgentRuntimeCommandCommand')?.operation).toBe('InvokeAgentRuntimeCommand');
    expect(findTokenMember('BedrockAgentCoreClient', 'InvokeAgentRuntime')?.operation).toBe('InvokeAgentRuntime');
  });

  it('keeps header and query-string locations', () => {
    expect(findTokenMember('BedrockAgentCore', 'InvokeAgentRuntime')).toMatchObject({
      location: 'header',
      locationName: 'X-Amzn-Bedrock-AgentCore-Runtime-Session-Id',
    });
    expect(listTokenMembers().filter((info) => info.location === 'querystring').length).toBeGreaterThan(0);
  });

  it('prefers the traited member, then one named like a token, where an operation has two rows', () => {
    expect(findTokenMember('Backup', 'StartBackupJob')).toMatchObject({ member: 'IdempotencyToken', trait: true });
    expect(findTokenMember('GameLift', 'CreateGameSession')?.member).toBe('IdempotencyToken');
  });

  it('finds nothing for unknown services and operations', () => {
    expect(findTokenMember('EC2', 'DescribeInstances')).toBeUndefined();
    expect(findTokenMember('NoSuchService', 'RunInstances')).toBeUndefined();
    expect(listTokenMembers('NoSuchService')).toEqual([]);
  });

  it('lists one service in any spelling, sorted', () => {
    const ec2 = listTokenMembers('EC2Client');
    expect(ec2).toHaveLength(110);
    expect(ec2.filter((info) => info.trait)).toHaveLength(94);
    expect(listTokenMembers('ram').filter((info) => info.trait)).toHaveLength(0);
    expect(listTokenMembers('RAMClient')).toHaveLength(16);
    expect(ec2.map((info) => info.operation)).toEqual([...ec2.map((info) => info.operation)].sort());
  });

  it('finds every row of the table by its own service and operation', () => {
    const operations = new Set(listTokenMembers().map((info) => `${info.service}/${info.operation}`));
    for (const info of listTokenMembers()) {
      expect(findTokenMember(info.service, info.operation)).toMatchObject({ service: info.service, operation: info.operation });
      // 'InvokeAgentRuntimeCommand' names an operation itself: the exact name wins.
      const commandClass = `${info.operation}Command`;
      const expected = operations.has(`${info.service}/${commandClass}`) ? commandClass : info.operation;
      expect(findTokenMember(`${info.service.replace(/ /g, '')}Client`, commandClass)?.operation).toBe(expected);
    }
  });
});

describe('normalizeServiceName', () => {
  it.each([
    ['EC2Client', 'ec2'],
    ['EC2', 'ec2'],
    ['ec2', 'ec2'],
    ['ACM PCA', 'acmpca'],
    ['ACMPCAClient', 'acmpca'],
    ['CloudFormationClient', 'cloudformation'],
    ['Route 53', 'route53'],
    ['Client', 'client'],
    ['WorkSpacesThinClientClient', 'workspacesthinclient'],
  ])('%s -> %s', (name, normalised) => {
    expect(normalizeServiceName(name)).toBe(normalised);
  });

  it('gives no two services of the table one name', () => {
    const services = [...new Set(listTokenMembers().map((info) => info.service))];
    expect(new Set(services.map(normalizeServiceName)).size).toBe(services.length);
  });
});
