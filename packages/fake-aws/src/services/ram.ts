import { fingerprintParams } from '../canonical-params.js';
import type { IdGenerator } from '../ids.js';
import { getObjectList, getString, getStringList, type ParamObject } from '../params.js';
import type { RequestContext } from '../request-context.js';
import { ServiceError } from '../service-error.js';
import { TokenRegistry } from '../token-registry.js';
import type { Tag } from './tags.js';

// AWS RAM resource shares and the clientToken rules, as RAM documents them:
// - same clientToken and same parameters: the original share and token, nothing new;
// - same clientToken, other parameters: IdempotentParameterMismatchException;
// - no clientToken: a new share every time (RAM then makes up a token and
//   returns it, so the caller can repeat the call idempotently with it).

/**
 * A resource share's status. The fake creates shares ACTIVE and has no
 * DeleteResourceShare, so 'DELETED' only matters as a GetResourceShares filter.
 */
export type ResourceShareStatus = 'ACTIVE' | 'DELETED';
const RESOURCE_OWNERS = ['SELF', 'OTHER-ACCOUNTS'] as const;

export interface ResourceShare {
  readonly resourceShareArn: string;
  /** The token the share was created with (RAM makes one up when the caller sent none). */
  readonly clientToken: string;
  readonly name: string;
  readonly region: string;
  readonly owningAccountId: string;
  readonly allowExternalPrincipals: boolean;
  readonly status: ResourceShareStatus;
  readonly featureSet: 'STANDARD';
  readonly tags: readonly Tag[];
  readonly resourceArns: readonly string[];
  readonly principals: readonly string[];
  readonly creationTime: Date;
  readonly lastUpdatedTime: Date;
}

export interface CreateResourceShareResult {
  readonly resourceShare: ResourceShare;
  readonly clientToken: string;
}

export interface ResourceSharePage {
  readonly resourceShares: readonly ResourceShare[];
  readonly nextToken: string | undefined;
}

const ARN_PATTERN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:[0-9]*:.+$/;
const ACCOUNT_ID_PATTERN = /^[0-9]{12}$/;
const DEFAULT_PAGE_SIZE = 500;
const MAX_PAGE_SIZE = 500;

/** Members that are sets: their order does not make a request different. */
const UNORDERED_MEMBERS = ['resourceArns', 'principals', 'tags', 'permissionArns', 'sources'];

export class RamService {
  private readonly shares: ResourceShare[] = [];
  private readonly tokens = new TokenRegistry<CreateResourceShareResult>();
  createdCount = 0;

  constructor(private readonly ids: IdGenerator) {}

  createResourceShare(params: ParamObject, context: RequestContext): CreateResourceShareResult {
    const name = getString(params, 'name');
    if (name === undefined || name === '') {
      throw ServiceError.client('MissingRequiredParameterException', 'The name parameter is required.');
    }
    const resourceArns = getStringList(params, 'resourceArns');
    const badArn = resourceArns.find((arn) => !ARN_PATTERN.test(arn));
    if (badArn !== undefined) {
      throw ServiceError.client(
        'MalformedArnException',
        `The specified resource ARN ${badArn} is not valid. Verify the ARN and try again.`,
      );
    }
    const principals = getStringList(params, 'principals');
    const badPrincipal = principals.find((p) => !ACCOUNT_ID_PATTERN.test(p) && !ARN_PATTERN.test(p));
    if (badPrincipal !== undefined) {
      throw ServiceError.client('InvalidParameterException', `The principal ${badPrincipal} is not valid.`);
    }

    const token = getString(params, 'clientToken');
    const scope = `${context.accountId}/${context.region}`;
    const fingerprint = fingerprintParams(params, { exclude: ['clientToken'], unorderedLists: UNORDERED_MEMBERS });
    if (token !== undefined) {
      if (token === '') throw ServiceError.client('InvalidClientTokenException', 'The client token is not valid.');
      const known = this.tokens.lookup(scope, token, fingerprint);
      if (known.outcome === 'same') return known.result;
      if (known.outcome === 'different') {
        throw ServiceError.client(
          'IdempotentParameterMismatchException',
          `The client token ${token} was already used with different parameters. Use a new client token for a new request.`,
        );
      }
    }

    const id = this.ids.uuid();
    const clientToken = token ?? this.ids.uuid();
    const share: ResourceShare = {
      resourceShareArn: `arn:aws:ram:${context.region}:${context.accountId}:resource-share/${id}`,
      clientToken,
      name,
      region: context.region,
      owningAccountId: context.accountId,
      allowExternalPrincipals: params['allowExternalPrincipals'] !== false,
      status: 'ACTIVE',
      featureSet: 'STANDARD',
      tags: getObjectList(params, 'tags').map((t) => ({ key: getString(t, 'key') ?? '', value: getString(t, 'value') ?? '' })),
      resourceArns,
      principals,
      creationTime: context.now,
      lastUpdatedTime: context.now,
    };
    this.shares.push(share);
    this.createdCount += 1;
    const result = { resourceShare: share, clientToken };
    this.tokens.bind(scope, clientToken, fingerprint, result);
    return result;
  }

  getResourceShares(params: ParamObject, context: RequestContext): ResourceSharePage {
    const owner = getString(params, 'resourceOwner');
    if (owner === undefined) {
      throw ServiceError.client('MissingRequiredParameterException', 'The resourceOwner parameter is required.');
    }
    if (!(RESOURCE_OWNERS as readonly string[]).includes(owner)) {
      throw ServiceError.client(
        'InvalidParameterException',
        `${owner} is not a valid resource owner. Specify either SELF or OTHER-ACCOUNTS and try again.`,
      );
    }
    const pageSize = readPageSize(params);
    const start = readPageStart(params);
    // The fake has one account, so nothing is shared with it by others.
    const matching = owner === 'SELF' ? this.shares.filter(shareFilter(params, context.region)) : [];
    const end = start + pageSize;
    return {
      resourceShares: matching.slice(start, end),
      nextToken: end < matching.length ? String(end) : undefined,
    };
  }

  allShares(): readonly ResourceShare[] {
    return this.shares;
  }

  reset(): void {
    this.shares.length = 0;
    this.tokens.clear();
    this.createdCount = 0;
  }
}

function shareFilter(params: ParamObject, region: string): (share: ResourceShare) => boolean {
  const arns = getStringList(params, 'resourceShareArns');
  const status = getString(params, 'resourceShareStatus');
  const name = getString(params, 'name');
  const tagFilters = getObjectList(params, 'tagFilters').map((f) => ({
    key: getString(f, 'tagKey'),
    values: getStringList(f, 'tagValues'),
  }));
  return (share) =>
    share.region === region &&
    (arns.length === 0 || arns.includes(share.resourceShareArn)) &&
    (status === undefined || share.status === status) &&
    (name === undefined || share.name === name) &&
    tagFilters.every((f) =>
      share.tags.some((t) => (f.key === undefined || t.key === f.key) && (f.values.length === 0 || f.values.includes(t.value))),
    );
}

function readPageSize(params: ParamObject): number {
  const value = params['maxResults'];
  if (value === undefined) return DEFAULT_PAGE_SIZE;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) {
    throw ServiceError.client('InvalidMaxResultsException', `maxResults must be a whole number from 1 to ${MAX_PAGE_SIZE}.`);
  }
  return value;
}

function readPageStart(params: ParamObject): number {
  const token = getString(params, 'nextToken');
  if (token === undefined) return 0;
  const start = Number(token);
  if (!Number.isInteger(start) || start < 0) {
    throw ServiceError.client('InvalidNextTokenException', 'The specified value for nextToken is not valid.');
  }
  return start;
}
