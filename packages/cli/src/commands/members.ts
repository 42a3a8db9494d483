import { listTokenMembers, type TokenMemberInfo } from '@retrysafe/core';
import type { Command } from 'commander';
import type { CommandIo } from '../cli-io.js';
import { formatTable } from '../text-table.js';
import { describeModelLength, memberRow, operationMembers, serviceMembers } from '../token-members.js';

interface MembersOptions {
  readonly json?: boolean;
}

const HEADERS = ['SERVICE', 'OPERATION', 'MEMBER', 'SDK FILLS', 'REQUIRED', 'LOCATION', 'LENGTH', 'PATTERN'];

const NOTES = `
Columns: SDK FILLS 'yes' where the model marks the member idempotencyToken (the SDK
sends a random token when it is empty, a new one on every send); 'no' where
nothing fills it unless you or retrysafe do. LENGTH and PATTERN are the model's
limits ('' = none). --json prints the rows in the shape of the AWS token member
reference data (trait, required, location, locationName, length, pattern).

Examples:
  retrysafe members ec2
  retrysafe members cloudformation CreateStack --json`;

export function registerMembersCommand(program: Command, io: CommandIo): void {
  program
    .command('members')
    .summary('list the operations that take an idempotency token, and their limits')
    .description('Lists the AWS input members that carry an idempotency token: for every service, one service, or one operation.')
    .argument('[service]', "a service in any spelling ('ec2', 'CloudFormation', 'RAMClient')")
    .argument('[operation]', "one of its operations ('RunInstances')")
    .option('--json', 'print the rows as a JSON array')
    .addHelpText('after', NOTES)
    .action((service: string | undefined, operation: string | undefined, options: MembersOptions) => {
      const members = selectMembers(service, operation);
      if (options.json === true) {
        io.printJson(members.map(memberRow));
        return;
      }
      for (const line of formatTable(HEADERS, members.map(tableRow), io.out)) io.print(line);
    });
}

function selectMembers(service: string | undefined, operation: string | undefined): readonly TokenMemberInfo[] {
  if (service === undefined) return listTokenMembers();
  if (operation === undefined) return serviceMembers(service, 'SERVICE');
  return operationMembers(service, operation, { service: 'SERVICE', operation: 'OPERATION' });
}

function tableRow(info: TokenMemberInfo): string[] {
  const location = info.location === undefined ? 'body' : `${info.location}${info.locationName === undefined ? '' : ` ${info.locationName}`}`;
  return [
    info.service,
    info.operation,
    info.member,
    info.trait ? 'yes' : 'no',
    info.required ? 'yes' : 'no',
    location,
    describeModelLength(info.limits),
    info.limits.pattern ?? '',
  ];
}
