import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findTokenMember } from '@retrysafe/core';
import type { MemberRow } from '../src/token-members.js';
import { BUILD_HOOK_TIMEOUT_MS, ensureBuiltCli, runCli, STACK_FRAME } from './support/built-cli.js';

// `retrysafe members` against the AWS token member reference data the table
// was generated from (../shared/reference beside the repository; this file is
// packages/cli/test/).

const REFERENCE_PATH = join(__dirname, '..', '..', '..', '..', 'shared', 'reference', 'aws-token-members.json');
const REFERENCE_ROWS = 1582;

beforeAll(ensureBuiltCli, BUILD_HOOK_TIMEOUT_MS);

async function membersJson(...args: string[]): Promise<MemberRow[]> {
  const result = await runCli(['members', ...args, '--json']);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  return JSON.parse(result.stdout) as MemberRow[];
}

function byServiceOperationAndMember(a: MemberRow, b: MemberRow): number {
  const left = `${a.service}\u0000${a.operation}\u0000${a.member}`;
  const right = `${b.service}\u0000${b.operation}\u0000${b.member}`;
  return left < right ? -1 : left > right ? 1 : 0;
}

const sorted = (rows: readonly MemberRow[]): MemberRow[] => [...rows].sort(byServiceOperationAndMember);

const referencePresent = existsSync(REFERENCE_PATH);
if (!referencePresent) {
  // CI has the file; a checkout without it still runs every other test here.
  process.stderr.write(`members.test: ${REFERENCE_PATH} is absent, so the reference comparison is skipped\n`);
}
const describeReference = referencePresent ? describe : describe.skip;

/**
 * A reference row as the CLI prints it: where the models give no length, the
 * table adds the maximum EC2 documents (a few EC2 rows; core's own test
 * checks which), so the printed row has it too.
 */
function asPrinted(row: MemberRow): MemberRow {
  const documented = row.length === null ? findTokenMember(row.service, row.operation)?.limits.maxLength : undefined;
  return documented === undefined ? row : { ...row, length: { max: documented } };
}

describeReference('retrysafe members --json, checked against the reference data', () => {
  const reference = referencePresent ? (JSON.parse(readFileSync(REFERENCE_PATH, 'utf8')) as { rows: MemberRow[] }).rows.map(asPrinted) : [];

  it.each([
    ['EC2', 'ec2', 110, 94],
    ['CloudFormation', 'cloudformation', 18, 7],
    ['RAM', 'RAMClient', 16, 0],
  ])('%s (asked as %s): every row, %i of them, %i filled by the SDK', async (service, spelling, rows, traited) => {
    const printed = await membersJson(spelling);
    const expected = reference.filter((row) => row.service === service);
    expect(expected).toHaveLength(rows);
    expect(sorted(printed)).toEqual(sorted(expected));
    expect(printed.filter((row) => row.trait)).toHaveLength(traited);
  });

  it('one operation: the row of that operation alone', async () => {
    const expected = reference.filter((row) => row.service === 'CloudFormation' && row.operation === 'CreateStack');
    expect(await membersJson('cloudformation', 'createstack')).toEqual(expected);
    expect(expected[0]).toMatchObject({ member: 'ClientRequestToken', trait: false, length: { min: 1, max: 128 } });
  });

  it('no service: all of them, of every service', async () => {
    const printed = await membersJson();
    expect(printed).toHaveLength(REFERENCE_ROWS);
    expect(sorted(printed)).toEqual(sorted(reference));
  });
});

describe('retrysafe members as a table', () => {
  it('shows one row per member under a header, with the SDK-fills column', async () => {
    const result = await runCli(['members', 'ram']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]?.split(/\s{2,}/)).toEqual(['SERVICE', 'OPERATION', 'MEMBER', 'SDK FILLS', 'REQUIRED', 'LOCATION', 'LENGTH', 'PATTERN']);
    expect(lines).toHaveLength(1 + 16);
    const share = lines.find((line) => line.includes(' CreateResourceShare '));
    expect(share?.split(/\s{2,}/)).toEqual(['RAM', 'CreateResourceShare', 'clientToken', 'no', 'no', 'body']);
  });

  it('shows the limits and where the token travels', async () => {
    const acm = await runCli(['members', 'acm', 'RequestCertificate']);
    expect(acm.stdout.trimEnd().split('\n')[1]?.split(/\s{2,}/)).toEqual(['ACM', 'RequestCertificate', 'IdempotencyToken', 'no', 'no', 'body', '1..32', '^\\w+$']);
    const ec2 = await runCli(['members', 'EC2Client', 'RunInstances']);
    expect(ec2.stdout.trimEnd().split('\n')[1]?.split(/\s{2,}/)).toEqual(['EC2', 'RunInstances', 'ClientToken', 'yes', 'no', 'body', '..64']);
  });

  it('names a header or query-string member’s location', async () => {
    const rows = await membersJson();
    const header = rows.find((row) => row.location === 'header' && row.locationName !== null);
    expect(header).toBeDefined();
    const result = await runCli(['members', header!.service, header!.operation]);
    expect(result.stdout).toContain(`header ${header!.locationName}`);
  });
});

describe('retrysafe members: bad arguments', () => {
  it.each([
    ['an unknown service', 'SERVICE', ['no-such-service']],
    ['an operation without a token', 'OPERATION', ['ec2', 'DescribeInstances']],
    ['a third argument', 'too many arguments', ['ec2', 'RunInstances', 'ClientToken']],
    ['an unknown flag', '--all', ['--all']],
  ])('%s: exit 2, stderr names %s', async (_name, named, args) => {
    const result = await runCli(['members', ...args]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(named);
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });
});
