import type { Ec2Instance } from './services/ec2.js';
import type { Stack, StackStatus } from './services/cloudformation.js';
import type { ResourceShare, ResourceShareStatus } from './services/ram.js';
import type { ServiceName } from './services/service-name.js';
import { tagsToRecord } from './services/tags.js';

// What `server.resources(service)` returns: plain copies of the resources the
// fake services hold, for tests and chaos runs to count and inspect.

/** An EC2 instance; `clientToken` is empty when the request carried none. */
export type Ec2InstanceResource = Readonly<
  Pick<
    Ec2Instance,
    | 'instanceId'
    | 'reservationId'
    | 'region'
    | 'availabilityZone'
    | 'imageId'
    | 'instanceType'
    | 'clientToken'
    | 'state'
    | 'launchTime'
  >
> & { readonly tags: Readonly<Record<string, string>> };

/** A CloudFormation stack, deleted ones included. */
export interface StackResource {
  readonly stackId: string;
  readonly stackName: string;
  /** The Region it was created in. */
  readonly region: string;
  readonly status: StackStatus;
  /** The CreateStack `ClientRequestToken`; undefined when the request carried none. */
  readonly clientRequestToken: string | undefined;
  /** Parameter key to value. */
  readonly parameters: Readonly<Record<string, string | undefined>>;
  /** Tag key to value. */
  readonly tags: Readonly<Record<string, string>>;
  readonly creationTime: Date;
  /** When DeleteStack deleted it; undefined while it lives. */
  readonly deletionTime: Date | undefined;
}

/** A RAM resource share. */
export interface ResourceShareResource {
  readonly resourceShareArn: string;
  readonly name: string;
  /** The Region it was created in. */
  readonly region: string;
  readonly status: ResourceShareStatus;
  /** The token it was created with (RAM makes one up when the caller sent none). */
  readonly clientToken: string;
  /** The resources shared, as the request gave them. */
  readonly resourceArns: readonly string[];
  /** Who they are shared with, as the request gave them. */
  readonly principals: readonly string[];
  /** Tag key to value. */
  readonly tags: Readonly<Record<string, string>>;
  readonly creationTime: Date;
}

/** The resource type of each service: what `server.resources(service)` returns a list of. */
export interface ResourcesByService {
  readonly ec2: Ec2InstanceResource;
  readonly cloudformation: StackResource;
  readonly ram: ResourceShareResource;
}

/** A resource of any service. */
export type AnyResource = ResourcesByService[ServiceName];

export function instanceResource(i: Ec2Instance): Ec2InstanceResource {
  return {
    instanceId: i.instanceId,
    reservationId: i.reservationId,
    region: i.region,
    availabilityZone: i.availabilityZone,
    imageId: i.imageId,
    instanceType: i.instanceType,
    clientToken: i.clientToken,
    state: i.state,
    launchTime: new Date(i.launchTime),
    tags: tagsToRecord(i.tags),
  };
}

export function stackResource(s: Stack): StackResource {
  return {
    stackId: s.stackId,
    stackName: s.stackName,
    region: s.region,
    status: s.status,
    clientRequestToken: s.clientRequestToken,
    parameters: Object.fromEntries(s.parameters.map((p) => [p.key, p.value])),
    tags: tagsToRecord(s.tags),
    creationTime: new Date(s.creationTime),
    deletionTime: s.deletionTime === undefined ? undefined : new Date(s.deletionTime),
  };
}

export function resourceShareResource(r: ResourceShare): ResourceShareResource {
  return {
    resourceShareArn: r.resourceShareArn,
    name: r.name,
    region: r.region,
    status: r.status,
    clientToken: r.clientToken,
    resourceArns: [...r.resourceArns],
    principals: [...r.principals],
    tags: tagsToRecord(r.tags),
    creationTime: new Date(r.creationTime),
  };
}
