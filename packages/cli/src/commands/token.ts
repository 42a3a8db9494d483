import { deriveKeyedToken, DEFAULT_NAMESPACE, isZonalOperation, MAX_IDEMPOTENCY_KEY_LENGTH } from '@retrysafe/aws';
import { randomToken, type TokenMemberInfo } from '@retrysafe/core';
import { Option, type Command } from 'commander';
import { REGION_ENV_VARS, regionFromEnv } from '../aws-region.js';
import { UsageError } from '../cli-errors.js';
import type { CommandIo } from '../cli-io.js';
import { nonEmptyText, wholeNumber } from '../flag-values.js';
import { memberRow, tokenMember } from '../token-members.js';

interface TokenOptions {
  readonly service: string;
  readonly operation: string;
  readonly key?: string;
  readonly random?: boolean;
  readonly region?: string;
  readonly zone?: string;
  readonly subnet?: string;
  readonly account?: string;
  readonly occurrence?: number;
  readonly namespace?: string;
  readonly secretEnv?: string;
  readonly secret?: string;
  readonly json?: boolean;
}

const ACCOUNT_ID = /^[0-9]{12}$/;
/** Flags that only make sense for a derived token. */
const DERIVATION_FLAGS = ['key', 'region', 'zone', 'subnet', 'account', 'occurrence', 'namespace', 'secretEnv'];
const FLAGS = { service: '--service', operation: '--operation' } as const;

const EXAMPLES = `
Examples:
  # The token a keyed RunInstances of the plugin sends for key deploy-42:
  aws ec2 run-instances --client-token "$(retrysafe token --service ec2 --operation RunInstances --key deploy-42 --region eu-west-1)" ...
  # The same, with the application's HMAC secret from the environment:
  retrysafe token --service ec2 --operation RunInstances --key deploy-42 --region eu-west-1 --secret-env RETRYSAFE_SECRET
  # A fresh token that fits CloudFormation's ClientRequestToken:
  retrysafe token --random --service cloudformation --operation CreateStack

The keyed token is the one the plugin derives for that key; when a token store
already holds a binding for it, the plugin sends the stored token instead (see
'retrysafe store show' with the bindingKey from --json). Without --region the
Region comes from ${REGION_ENV_VARS.join(', then ')}.`;

export function registerTokenCommand(program: Command, io: CommandIo): void {
  program
    .command('token')
    .summary('print an idempotency token for a shell script or the AWS CLI')
    .description(
      "Prints the idempotency token retrysafe's plugin derives for a keyed call (the same inputs give the same token), or a fresh random one, shaped to the token member's limits.",
    )
    .requiredOption('--service <name>', "the service, in any spelling ('ec2', 'CloudFormation', 'RAMClient')")
    .requiredOption('--operation <name>', "the operation ('RunInstances', 'CreateStack')")
    .option('--key <key>', 'the idempotency key of the logical operation (an order ID, a deploy ID)')
    .addOption(new Option('--random', 'a fresh random token instead of a derived one').conflicts(DERIVATION_FLAGS))
    .option('--region <region>', 'the Region the call is signed for', nonEmptyText)
    .option('--zone <zone>', 'the Availability Zone the request names (EC2 RunInstances Placement.AvailabilityZone)', nonEmptyText)
    .option('--subnet <id>', 'the subnet the request names (EC2 RunInstances SubnetId)', nonEmptyText)
    .option('--account <id>', "the AWS account, when the plugin's credentials carry it (accountId)")
    .option('--occurrence <n>', 'the n-th identical operation under one key, from 0', wholeNumber)
    .option('--namespace <name>', `the plugin's namespace (default: ${DEFAULT_NAMESPACE})`, nonEmptyText)
    .option('--secret-env <var>', "read the plugin's HMAC secret from this environment variable", nonEmptyText)
    .addOption(new Option('--secret <value>').hideHelp())
    .option('--json', 'print the token with its member, scope and binding key as JSON')
    .addHelpText('after', EXAMPLES)
    .action((options: TokenOptions) => runToken(options, io));
}

function runToken(options: TokenOptions, io: CommandIo): void {
  if (options.secret !== undefined) {
    throw new UsageError('--secret', 'a secret is never taken from a flag (shell history, ps): use --secret-env VAR');
  }
  const member = tokenMember(options.service, options.operation, FLAGS);
  if (options.random === true) {
    const token = randomToken(member.limits);
    if (options.json === true) io.printJson({ token, kind: 'random', ...describeMember(member) });
    else io.print(token);
    return;
  }

  const key = options.key;
  if (key === undefined) throw new UsageError('--key', 'required for a derived token (or pass --random for a fresh one)');
  if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new UsageError('--key', `must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`);
  }
  const region = options.region ?? regionFromEnv(io.env);
  if (region === undefined) {
    throw new UsageError('--region', `required: a token belongs to one Region (or set ${REGION_ENV_VARS.join(' or ')})`);
  }
  for (const [flag, value] of [['--zone', options.zone], ['--subnet', options.subnet]] as const) {
    if (value !== undefined && !isZonalOperation(member.service, member.operation)) {
      throw new UsageError(flag, `${member.service} ${member.operation} tokens are per Region, not per zone or subnet`);
    }
  }
  if (options.account !== undefined && !ACCOUNT_ID.test(options.account)) {
    throw new UsageError('--account', `must be a 12-digit AWS account ID, got '${options.account}'`);
  }
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  const occurrence = options.occurrence ?? 0;
  const derived = deriveKeyedToken({
    service: member.service,
    operation: member.operation,
    key,
    region,
    zone: options.zone,
    subnet: options.subnet,
    account: options.account,
    occurrence,
    namespace,
    secret: readSecret(options.secretEnv, io.env),
    limits: member.limits,
  });
  if (options.json !== true) {
    io.print(derived.token);
    return;
  }
  io.printJson({
    token: derived.token,
    kind: 'derived',
    ...describeMember(member),
    key,
    scope: derived.scope,
    occurrence,
    namespace,
    secretEnv: options.secretEnv ?? null,
    bindingKey: derived.bindingKey,
  });
}

/** The secret's value from the environment; an unset or empty variable is an error, never "no secret". */
function readSecret(variable: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (variable === undefined) return undefined;
  const value = env[variable];
  if (value === undefined) throw new UsageError('--secret-env', `environment variable ${variable} is not set`);
  if (value === '') throw new UsageError('--secret-env', `environment variable ${variable} is empty`);
  return value;
}

function describeMember(member: TokenMemberInfo) {
  const row = memberRow(member);
  return { service: row.service, operation: row.operation, member: row.member, trait: row.trait, length: row.length, pattern: row.pattern };
}
