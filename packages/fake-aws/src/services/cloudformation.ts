import { fingerprintParams } from '../canonical-params.js';
import type { IdGenerator } from '../ids.js';
import { getObjectList, getString, getStringList, type ParamObject } from '../params.js';
import type { RequestContext } from '../request-context.js';
import { ServiceError } from '../service-error.js';
import { TokenRegistry } from '../token-registry.js';
import type { Tag } from './tags.js';

// CloudFormation stacks and the ClientRequestToken rules, as CloudFormation
// documents them:
// - a token is bound to the first request that used it: the same request again
//   (same operation, same parameters) returns the original result (CreateStack:
//   the same StackId) and changes nothing;
// - the token reused for any other request: TokenAlreadyExistsException;
// - no token: every CreateStack is new, so a second one with a live stack's
//   name fails with AlreadyExistsException (the real service does the same;
//   callers that want a retry to be safe must send a token).
// Stacks reach CREATE_COMPLETE at once; no template resource is created.

/** A stack's status: CREATE_COMPLETE at once on CreateStack, DELETE_COMPLETE after DeleteStack. */
export type StackStatus = 'CREATE_COMPLETE' | 'DELETE_COMPLETE';

export interface StackParameter {
  readonly key: string;
  readonly value: string | undefined;
  readonly usePreviousValue: boolean | undefined;
}

export interface Stack {
  readonly stackId: string;
  readonly stackName: string;
  readonly region: string;
  readonly parameters: readonly StackParameter[];
  readonly tags: readonly Tag[];
  readonly capabilities: readonly string[];
  readonly notificationArns: readonly string[];
  readonly disableRollback: boolean;
  readonly enableTerminationProtection: boolean;
  readonly creationTime: Date;
  readonly clientRequestToken: string | undefined;
  status: StackStatus;
  deletionTime: Date | undefined;
}

const MAX_NAME_LENGTH = 128;
const MAX_TOKEN_LENGTH = 128;
const STACK_NAME_PATTERN = /^[a-zA-Z][-a-zA-Z0-9]*$/;
const TOKEN_PATTERN = /^[a-zA-Z0-9][-a-zA-Z0-9]*$/;
const STACK_ARN_PREFIX = 'arn:';

/** Members that are sets: their order does not make a request different. */
const UNORDERED_MEMBERS = ['Parameters', 'Tags', 'Capabilities', 'NotificationARNs', 'ResourceTypes'];

/** The result a token is bound to: CreateStack's StackId, or nothing for DeleteStack. */
interface TokenResult {
  readonly stackId: string | undefined;
}

export class CloudFormationService {
  private readonly stacks: Stack[] = [];
  private readonly tokens = new TokenRegistry<TokenResult>();
  createdCount = 0;

  constructor(private readonly ids: IdGenerator) {}

  createStack(params: ParamObject, context: RequestContext): string {
    const stackName = requireStackName(params);
    if (!STACK_NAME_PATTERN.test(stackName)) {
      throw constraintViolation(stackName, 'stackName', `Member must satisfy regular expression pattern: ${STACK_NAME_PATTERN.source}`);
    }
    const hasBody = getString(params, 'TemplateBody') !== undefined;
    const hasUrl = getString(params, 'TemplateURL') !== undefined;
    if (!hasBody && !hasUrl) throw validationError('Either Template URL or Template Body must be specified.');
    if (hasBody && hasUrl) throw validationError('You cannot specify both Template URL and Template Body.');

    return this.once('CreateStack', params, context, () => {
      if (this.liveStack(stackName, context.region) !== undefined) {
        throw ServiceError.client('AlreadyExistsException', `Stack [${stackName}] already exists`);
      }
      const stack: Stack = {
        stackId: `arn:aws:cloudformation:${context.region}:${context.accountId}:stack/${stackName}/${this.ids.uuid()}`,
        stackName,
        region: context.region,
        parameters: getObjectList(params, 'Parameters').map((p) => ({
          key: getString(p, 'ParameterKey') ?? '',
          value: getString(p, 'ParameterValue'),
          usePreviousValue: getString(p, 'UsePreviousValue') === undefined ? undefined : getString(p, 'UsePreviousValue') === 'true',
        })),
        tags: getObjectList(params, 'Tags').map((t) => ({ key: getString(t, 'Key') ?? '', value: getString(t, 'Value') ?? '' })),
        capabilities: getStringList(params, 'Capabilities'),
        notificationArns: getStringList(params, 'NotificationARNs'),
        disableRollback: getString(params, 'DisableRollback') === 'true',
        enableTerminationProtection: getString(params, 'EnableTerminationProtection') === 'true',
        creationTime: context.now,
        clientRequestToken: getString(params, 'ClientRequestToken'),
        status: 'CREATE_COMPLETE',
        deletionTime: undefined,
      };
      this.stacks.push(stack);
      this.createdCount += 1;
      return { stackId: stack.stackId };
    }).stackId as string;
  }

  deleteStack(params: ParamObject, context: RequestContext): void {
    const nameOrId = requireStackName(params);
    this.once('DeleteStack', params, context, () => {
      const stack = this.findStack(nameOrId, context.region);
      if (stack === undefined || stack.status === 'DELETE_COMPLETE') return { stackId: undefined };
      if (stack.enableTerminationProtection) {
        throw validationError(`Stack [${stack.stackName}] cannot be deleted while TerminationProtection is enabled`);
      }
      stack.status = 'DELETE_COMPLETE';
      stack.deletionTime = context.now;
      return { stackId: stack.stackId };
    });
  }

  describeStacks(params: ParamObject, context: RequestContext): Stack[] {
    const nameOrId = getString(params, 'StackName');
    if (nameOrId === undefined) {
      return this.stacks.filter((s) => s.region === context.region && s.status !== 'DELETE_COMPLETE');
    }
    const stack = this.findStack(nameOrId, context.region);
    if (stack === undefined) throw validationError(`Stack with id ${nameOrId} does not exist`);
    return [stack];
  }

  allStacks(): readonly Stack[] {
    return this.stacks;
  }

  reset(): void {
    this.stacks.length = 0;
    this.tokens.clear();
    this.createdCount = 0;
  }

  /** Runs `change` at most once per token: a repeat gets the bound result, a different request an error. */
  private once(operation: string, params: ParamObject, context: RequestContext, change: () => TokenResult): TokenResult {
    const token = getString(params, 'ClientRequestToken');
    if (token === undefined) return change();
    if (token.length > MAX_TOKEN_LENGTH || !TOKEN_PATTERN.test(token)) {
      throw constraintViolation(
        token,
        'clientRequestToken',
        `Member must have length less than or equal to ${MAX_TOKEN_LENGTH} and satisfy regular expression pattern: ${TOKEN_PATTERN.source}`,
      );
    }
    const scope = `${context.accountId}/${context.region}`;
    const fingerprint = `${operation}:${fingerprintParams(params, { exclude: ['ClientRequestToken'], unorderedLists: UNORDERED_MEMBERS })}`;
    const known = this.tokens.lookup(scope, token, fingerprint);
    if (known.outcome === 'same') return known.result;
    if (known.outcome === 'different') {
      throw ServiceError.client(
        'TokenAlreadyExistsException',
        `The client request token ${token} was already used by a different request. Use a new token for a new request.`,
      );
    }
    const result = change();
    this.tokens.bind(scope, token, fingerprint, result);
    return result;
  }

  /** A stack by name (live stacks only) or by stack id (deleted ones too), as CloudFormation resolves them. */
  private findStack(nameOrId: string, region: string): Stack | undefined {
    if (nameOrId.startsWith(STACK_ARN_PREFIX)) {
      return this.stacks.find((s) => s.stackId === nameOrId && s.region === region);
    }
    return this.liveStack(nameOrId, region);
  }

  private liveStack(name: string, region: string): Stack | undefined {
    return this.stacks.find((s) => s.stackName === name && s.region === region && s.status !== 'DELETE_COMPLETE');
  }
}

function requireStackName(params: ParamObject): string {
  const name = getString(params, 'StackName');
  if (name === undefined || name === '') {
    throw constraintViolation('null', 'stackName', 'Member must not be null');
  }
  if (name.length > MAX_NAME_LENGTH && !name.startsWith(STACK_ARN_PREFIX)) {
    throw constraintViolation(name, 'stackName', `Member must have length less than or equal to ${MAX_NAME_LENGTH}`);
  }
  return name;
}

function validationError(message: string): ServiceError {
  return ServiceError.client('ValidationError', message);
}

function constraintViolation(value: string, member: string, constraint: string): ServiceError {
  return validationError(`1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`);
}
