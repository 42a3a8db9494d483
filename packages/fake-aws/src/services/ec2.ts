import { createHash } from 'node:crypto';

import { fingerprintParams } from '../canonical-params.js';
import type { IdGenerator } from '../ids.js';
import { getObject, getObjectList, getString, getStringList, type ParamObject } from '../params.js';
import type { RequestContext } from '../request-context.js';
import { ServiceError } from '../service-error.js';
import { TokenRegistry } from '../token-registry.js';
import type { Tag } from './tags.js';

// EC2's instances and the RunInstances token rules, as EC2 documents them:
// - same ClientToken and same parameters: the original reservation, nothing new;
// - same ClientToken, other parameters: IdempotentParameterMismatch;
// - the token's instance was terminated: IdempotentInstanceTerminated;
// - tokens are scoped per account and Region, or per Availability Zone when
//   Placement.AvailabilityZone or SubnetId is given.
// Instances are running as soon as they exist (RunInstances reports them
// `pending`, as EC2 does) and terminated as soon as TerminateInstances returns.

export const INSTANCE_STATE_CODES = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
} as const;
/**
 * An EC2 instance state name, as EC2 reports it. The fake's instances are
 * 'running' once they exist and 'terminated' once TerminateInstances answers.
 */
export type InstanceStateName = keyof typeof INSTANCE_STATE_CODES;

export interface Ec2Instance {
  readonly instanceId: string;
  readonly reservationId: string;
  readonly region: string;
  readonly availabilityZone: string;
  readonly imageId: string;
  readonly instanceType: string;
  readonly subnetId: string;
  readonly vpcId: string;
  readonly privateIpAddress: string;
  readonly launchTime: Date;
  readonly clientToken: string;
  readonly amiLaunchIndex: number;
  readonly keyName: string | undefined;
  readonly tags: readonly Tag[];
  state: InstanceStateName;
}

export interface Ec2Reservation {
  readonly reservationId: string;
  readonly ownerId: string;
  readonly instances: readonly Ec2Instance[];
}

export interface InstanceStateChange {
  readonly instanceId: string;
  readonly previousState: InstanceStateName;
  readonly currentState: InstanceStateName;
}

// DescribeInstances understands the filters in `parseFilters` and `tag:<key>`;
// others are rejected (InvalidParameterValue), not ignored.
const TAG_FILTER_PREFIX = 'tag:';

const MAX_CLIENT_TOKEN_LENGTH = 64;
const MAX_INSTANCES_PER_REQUEST = 100;
const DEFAULT_INSTANCE_TYPE = 'm1.small';
const DEFAULT_AZ_SUFFIX = 'a';
const INSTANCE_ID_HEX_LENGTH = 17;
const RESERVATION_ID_HEX_LENGTH = 17;
const NETWORK_ID_HEX_LENGTH = 17;
const INSTANCE_ID_PATTERN = /^i-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const IMAGE_ID_PATTERN = /^ami-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const FIRST_HOST_ADDRESS = 4; // AWS reserves the first four addresses of a subnet
const OCTET = 256;

/** Members that are sets: their order does not make a request different. */
const RUN_INSTANCES_UNORDERED = ['TagSpecification', 'TagSpecification[].Tag', 'SecurityGroupId', 'SecurityGroup'];

export class Ec2Service {
  private readonly reservations: Ec2Reservation[] = [];
  private readonly instancesById = new Map<string, Ec2Instance>();
  private readonly tokens = new TokenRegistry<Ec2Reservation>();
  private hostCounter = FIRST_HOST_ADDRESS;
  createdCount = 0;

  constructor(private readonly ids: IdGenerator) {}

  runInstances(params: ParamObject, context: RequestContext): Ec2Reservation {
    const token = getString(params, 'ClientToken') ?? '';
    const request = validateRunInstances(params, context.region, token);
    const scope = tokenScope(params, context);
    const fingerprint = fingerprintParams(params, { exclude: ['ClientToken'], unorderedLists: RUN_INSTANCES_UNORDERED });

    if (token !== '') {
      const known = this.tokens.lookup(scope, token, fingerprint);
      if (known.outcome === 'different') {
        throw ServiceError.client(
          'IdempotentParameterMismatch',
          'The client token you have provided is associated with a resource that is already deleted or has different parameters. Specify a different client token.',
        );
      }
      if (known.outcome === 'same') {
        if (known.result.instances.some((i) => i.state === 'terminated')) {
          throw ServiceError.client(
            'IdempotentInstanceTerminated',
            'The client token you have provided is associated with an instance that has been terminated. Specify a different client token.',
          );
        }
        return known.result;
      }
    }

    const reservation = this.launch(request, token, context);
    if (token !== '') this.tokens.bind(scope, token, fingerprint, reservation);
    return reservation;
  }

  describeInstances(params: ParamObject, context: RequestContext): Ec2Reservation[] {
    const ids = getStringList(params, 'InstanceId');
    ids.forEach(checkInstanceIdFormat);
    const filters = parseFilters(params);
    const inRegion = (i: Ec2Instance) => i.region === context.region;
    const missing = ids.filter((id) => {
      const instance = this.instancesById.get(id);
      return instance === undefined || !inRegion(instance);
    });
    if (missing.length > 0) throw instanceNotFound(missing);

    const wanted = new Set(ids);
    const matches = (i: Ec2Instance) =>
      inRegion(i) && (wanted.size === 0 || wanted.has(i.instanceId)) && filters.every((f) => f(i));
    return this.reservations
      .map((r) => ({ ...r, instances: r.instances.filter(matches) }))
      .filter((r) => r.instances.length > 0);
  }

  terminateInstances(params: ParamObject, context: RequestContext): InstanceStateChange[] {
    const ids = getStringList(params, 'InstanceId');
    if (ids.length === 0) throw missingParameter('InstanceId');
    ids.forEach(checkInstanceIdFormat);
    const missing = ids.filter((id) => this.instancesById.get(id)?.region !== context.region);
    if (missing.length > 0) throw instanceNotFound(missing);
    return ids.map((id) => {
      const instance = this.instancesById.get(id) as Ec2Instance;
      const previousState = instance.state;
      instance.state = 'terminated';
      // EC2 answers `shutting-down` for a running instance; the fake skips the
      // shutdown itself, so DescribeInstances already shows `terminated`.
      const currentState: InstanceStateName = previousState === 'terminated' ? 'terminated' : 'shutting-down';
      return { instanceId: id, previousState, currentState };
    });
  }

  instances(): readonly Ec2Instance[] {
    return this.reservations.flatMap((r) => r.instances);
  }

  reset(): void {
    this.reservations.length = 0;
    this.instancesById.clear();
    this.tokens.clear();
    this.hostCounter = FIRST_HOST_ADDRESS;
    this.createdCount = 0;
  }

  private launch(request: RunInstancesRequest, token: string, context: RequestContext): Ec2Reservation {
    const reservationId = `r-${this.ids.hex(RESERVATION_ID_HEX_LENGTH)}`;
    const instances: Ec2Instance[] = [];
    for (let index = 0; index < request.count; index += 1) {
      const instance: Ec2Instance = {
        instanceId: `i-${this.ids.hex(INSTANCE_ID_HEX_LENGTH)}`,
        reservationId,
        region: context.region,
        availabilityZone: request.availabilityZone,
        imageId: request.imageId,
        instanceType: request.instanceType,
        subnetId: request.subnetId ?? networkId('subnet', request.availabilityZone),
        vpcId: networkId('vpc', context.region),
        privateIpAddress: this.nextPrivateAddress(),
        launchTime: context.now,
        clientToken: token,
        amiLaunchIndex: index,
        keyName: request.keyName,
        tags: request.tags,
        state: 'running',
      };
      instances.push(instance);
      this.instancesById.set(instance.instanceId, instance);
    }
    const reservation: Ec2Reservation = { reservationId, ownerId: context.accountId, instances };
    this.reservations.push(reservation);
    this.createdCount += instances.length;
    return reservation;
  }

  private nextPrivateAddress(): string {
    const host = this.hostCounter;
    this.hostCounter += 1;
    return `10.0.${Math.floor(host / OCTET) % OCTET}.${host % OCTET}`;
  }
}

interface RunInstancesRequest {
  readonly imageId: string;
  readonly instanceType: string;
  readonly count: number;
  readonly availabilityZone: string;
  readonly subnetId: string | undefined;
  readonly keyName: string | undefined;
  readonly tags: readonly Tag[];
}

function validateRunInstances(params: ParamObject, region: string, token: string): RunInstancesRequest {
  if (token.length > MAX_CLIENT_TOKEN_LENGTH) {
    throw invalidValue(`Value for parameter ClientToken is too long: at most ${MAX_CLIENT_TOKEN_LENGTH} characters.`);
  }
  if (!/^[\x20-\x7e]*$/.test(token)) throw invalidValue('Value for parameter ClientToken must be ASCII.');
  const imageId = getString(params, 'ImageId');
  if (imageId === undefined) throw missingParameter('ImageId');
  if (!IMAGE_ID_PATTERN.test(imageId)) {
    throw ServiceError.client('InvalidAMIID.Malformed', `Invalid id: "${imageId}" (expecting "ami-...")`);
  }
  const minCount = readCount(params, 'MinCount');
  const maxCount = readCount(params, 'MaxCount');
  if (minCount > maxCount) {
    throw invalidValue(`Value (${minCount}) for parameter minCount is invalid. MinCount must not exceed MaxCount.`);
  }
  const availabilityZone = getString(getObject(params, 'Placement') ?? {}, 'AvailabilityZone');
  if (availabilityZone !== undefined && !availabilityZone.startsWith(region)) {
    throw invalidValue(`Invalid availability zone: [${availabilityZone}]`);
  }
  return {
    imageId,
    instanceType: getString(params, 'InstanceType') ?? DEFAULT_INSTANCE_TYPE,
    count: maxCount,
    availabilityZone: availabilityZone ?? `${region}${DEFAULT_AZ_SUFFIX}`,
    subnetId: getString(params, 'SubnetId'),
    keyName: getString(params, 'KeyName'),
    tags: instanceTags(params),
  };
}

function readCount(params: ParamObject, name: string): number {
  const text = getString(params, name);
  if (text === undefined) throw missingParameter(name);
  const count = Number(text);
  if (!Number.isInteger(count) || count < 1 || count > MAX_INSTANCES_PER_REQUEST) {
    throw invalidValue(
      `Value (${text}) for parameter ${name} is invalid. Expected a whole number from 1 to ${MAX_INSTANCES_PER_REQUEST}.`,
    );
  }
  return count;
}

function instanceTags(params: ParamObject): Tag[] {
  return getObjectList(params, 'TagSpecification')
    .filter((spec) => getString(spec, 'ResourceType') === 'instance')
    .flatMap((spec) => getObjectList(spec, 'Tag'))
    .map((tag) => ({ key: getString(tag, 'Key') ?? '', value: getString(tag, 'Value') ?? '' }));
}

/**
 * The token's scope: per Availability Zone when the request names one (or a
 * subnet, which lives in exactly one zone; the fake does not model which, so
 * the subnet itself names the zone), else per Region.
 */
function tokenScope(params: ParamObject, context: RequestContext): string {
  const zone = getString(getObject(params, 'Placement') ?? {}, 'AvailabilityZone');
  const subnet = getString(params, 'SubnetId');
  const where = zone !== undefined ? `az:${zone}` : subnet !== undefined ? `subnet:${subnet}` : 'region';
  return `${context.accountId}/${context.region}/${where}`;
}

type InstancePredicate = (instance: Ec2Instance) => boolean;

function parseFilters(params: ParamObject): InstancePredicate[] {
  return getObjectList(params, 'Filter').map((filter) => {
    const name = getString(filter, 'Name') ?? '';
    const values = getStringList(filter, 'Value').map(wildcardPattern);
    const anyOf = (value: string | undefined) => value !== undefined && values.some((v) => v.test(value));
    if (name.startsWith(TAG_FILTER_PREFIX)) {
      const key = name.slice(TAG_FILTER_PREFIX.length);
      return (i) => anyOf(i.tags.find((t) => t.key === key)?.value);
    }
    switch (name) {
      case 'client-token':
        return (i) => anyOf(i.clientToken);
      case 'instance-id':
        return (i) => anyOf(i.instanceId);
      case 'instance-state-name':
        return (i) => anyOf(i.state);
      case 'availability-zone':
        return (i) => anyOf(i.availabilityZone);
      case 'image-id':
        return (i) => anyOf(i.imageId);
      case 'instance-type':
        return (i) => anyOf(i.instanceType);
      case 'reservation-id':
        return (i) => anyOf(i.reservationId);
      case 'tag-key':
        return (i) => i.tags.some((t) => anyOf(t.key));
      default:
        throw invalidValue(`The filter '${name}' is invalid`);
    }
  });
}

/** EC2 filter values allow `*` (any run) and `?` (one character). */
function wildcardPattern(value: string): RegExp {
  const escaped = value.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

function checkInstanceIdFormat(id: string): void {
  if (!INSTANCE_ID_PATTERN.test(id)) {
    throw ServiceError.client('InvalidInstanceID.Malformed', `Invalid id: "${id}"`);
  }
}

function instanceNotFound(ids: readonly string[]): ServiceError {
  const message =
    ids.length === 1
      ? `The instance ID '${ids[0]}' does not exist`
      : `The instance IDs '${ids.join(', ')}' do not exist`;
  return ServiceError.client('InvalidInstanceID.NotFound', message);
}

function missingParameter(name: string): ServiceError {
  return ServiceError.client('MissingParameter', `The request must contain the parameter ${name}`);
}

function invalidValue(message: string): ServiceError {
  return ServiceError.client('InvalidParameterValue', message);
}

/** Stable ids for the default VPC and subnets, which the fake does not otherwise model. */
function networkId(kind: 'vpc' | 'subnet', place: string): string {
  return `${kind}-${createHash('sha256').update(`${kind}:${place}`).digest('hex').slice(0, NETWORK_ID_HEX_LENGTH)}`;
}
