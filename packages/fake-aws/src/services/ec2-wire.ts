import { HTTP_SERVICE_UNAVAILABLE, renderOutcome, type ServerErrorStatus, type ServiceEndpoint } from '../endpoint.js';
import { getString, type ParamObject } from '../params.js';
import { ec2QueryError, ec2QuerySuccess } from '../protocols/ec2-query.js';
import type { RequestContext } from '../request-context.js';
import { ServiceError } from '../service-error.js';
import { el, leaf, type XmlElement, type XmlNode } from '../xml.js';
import {
  INSTANCE_STATE_CODES,
  type Ec2Instance,
  type Ec2Reservation,
  type Ec2Service,
  type InstanceStateChange,
  type InstanceStateName,
} from './ec2.js';

// EC2 over ec2Query: dispatches RunInstances, DescribeInstances and
// TerminateInstances and writes their results with EC2's XML names
// (`instancesSet`/`item`, `instanceState`, `dnsName`, `tagSet`, ...).

export const EC2_OPERATIONS = ['RunInstances', 'DescribeInstances', 'TerminateInstances'] as const;

export function ec2Endpoint(ec2: Ec2Service): ServiceEndpoint {
  const renderError = (error: ServiceError, requestId: string) => ec2QueryError(error, requestId);
  return {
    service: 'ec2',
    responseFormat: 'xml',
    operations: EC2_OPERATIONS,
    tokenOf: (operation, params) => (operation === 'RunInstances' ? getString(params, 'ClientToken') : undefined),
    invoke: (operation, params, context) =>
      renderOutcome(
        (error) => renderError(error, context.requestId),
        () => ec2QuerySuccess(operation, runOperation(ec2, operation, params, context), context.requestId),
      ),
    renderError,
    throttlingError: () =>
      ServiceError.client('RequestLimitExceeded', 'Request limit exceeded.', HTTP_SERVICE_UNAVAILABLE),
    internalError: (status: ServerErrorStatus) =>
      status === HTTP_SERVICE_UNAVAILABLE
        ? ServiceError.server('ServiceUnavailable', 'The request has failed due to a temporary failure of the server.', status)
        : ServiceError.server('InternalError', 'An internal error has occurred.', status),
  };
}

function runOperation(ec2: Ec2Service, operation: string, params: ParamObject, context: RequestContext): XmlNode[] {
  switch (operation) {
    case 'RunInstances':
      return reservationMembers(ec2.runInstances(params, context), 'pending');
    case 'DescribeInstances':
      return [el('reservationSet', ...ec2.describeInstances(params, context).map((r) => el('item', ...reservationMembers(r))))];
    case 'TerminateInstances':
      return [el('instancesSet', ...ec2.terminateInstances(params, context).map(stateChangeItem))];
    default:
      throw ServiceError.client('InvalidAction', `The action ${operation} is not valid for this web service.`);
  }
}

/** RunInstances reports its instances as launched (`pending`), retries included. */
function reservationMembers(reservation: Ec2Reservation, stateOverride?: InstanceStateName): XmlNode[] {
  return [
    el('reservationId', reservation.reservationId),
    el('ownerId', reservation.ownerId),
    el('groupSet'),
    el('instancesSet', ...reservation.instances.map((i) => instanceItem(i, stateOverride ?? i.state))),
  ];
}

function stateElement(name: string, state: InstanceStateName): XmlElement {
  return el(name, el('code', String(INSTANCE_STATE_CODES[state])), el('name', state));
}

function instanceItem(instance: Ec2Instance, state: InstanceStateName): XmlElement {
  const privateDnsName = `ip-${instance.privateIpAddress.replace(/\./g, '-')}.ec2.internal`;
  return el(
    'item',
    el('instanceId', instance.instanceId),
    el('imageId', instance.imageId),
    stateElement('instanceState', state),
    el('privateDnsName', privateDnsName),
    el('dnsName', ''),
    el('reason', ''),
    leaf('keyName', instance.keyName),
    el('amiLaunchIndex', String(instance.amiLaunchIndex)),
    el('productCodes'),
    el('instanceType', instance.instanceType),
    el('launchTime', instance.launchTime.toISOString()),
    el('placement', el('availabilityZone', instance.availabilityZone), el('groupName', ''), el('tenancy', 'default')),
    el('monitoring', el('state', 'disabled')),
    el('subnetId', instance.subnetId),
    el('vpcId', instance.vpcId),
    el('privateIpAddress', instance.privateIpAddress),
    el('sourceDestCheck', 'true'),
    el('groupSet'),
    el('architecture', 'x86_64'),
    el('rootDeviceType', 'ebs'),
    el('rootDeviceName', '/dev/xvda'),
    el('blockDeviceMapping'),
    el('virtualizationType', 'hvm'),
    el('clientToken', instance.clientToken),
    el('tagSet', ...instance.tags.map((t) => el('item', el('key', t.key), el('value', t.value)))),
    el('hypervisor', 'xen'),
    el('ebsOptimized', 'false'),
  );
}

function stateChangeItem(change: InstanceStateChange): XmlElement {
  return el(
    'item',
    el('instanceId', change.instanceId),
    stateElement('currentState', change.currentState),
    stateElement('previousState', change.previousState),
  );
}
