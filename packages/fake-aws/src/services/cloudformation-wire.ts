import { HTTP_SERVICE_UNAVAILABLE, renderOutcome, type ServerErrorStatus, type ServiceEndpoint } from '../endpoint.js';
import { getString, type ParamObject } from '../params.js';
import { awsQueryError, awsQuerySuccess } from '../protocols/aws-query.js';
import type { WireResponse } from '../protocols/wire-response.js';
import type { RequestContext } from '../request-context.js';
import { ServiceError } from '../service-error.js';
import { el, leaf, type XmlElement } from '../xml.js';
import type { CloudFormationService, Stack } from './cloudformation.js';

// CloudFormation over awsQuery: CreateStack, DescribeStacks and DeleteStack,
// with lists written as `<member>` items.

export const CLOUDFORMATION_API_VERSION = '2010-05-15';
export const CLOUDFORMATION_XML_NAMESPACE = `http://cloudformation.amazonaws.com/doc/${CLOUDFORMATION_API_VERSION}/`;
export const CLOUDFORMATION_OPERATIONS = ['CreateStack', 'DescribeStacks', 'DeleteStack'] as const;

const TOKEN_OPERATIONS: readonly string[] = ['CreateStack', 'DeleteStack'];

export function cloudFormationEndpoint(cloudFormation: CloudFormationService): ServiceEndpoint {
  const renderError = (error: ServiceError, requestId: string) =>
    awsQueryError(error, CLOUDFORMATION_XML_NAMESPACE, requestId);
  return {
    service: 'cloudformation',
    responseFormat: 'xml',
    operations: CLOUDFORMATION_OPERATIONS,
    tokenOf: (operation, params) =>
      TOKEN_OPERATIONS.includes(operation) ? getString(params, 'ClientRequestToken') : undefined,
    invoke: (operation, params, context) =>
      renderOutcome(
        (error) => renderError(error, context.requestId),
        () => runOperation(cloudFormation, operation, params, context),
      ),
    renderError,
    // CloudFormation throttles with a 400 Sender error named Throttling.
    throttlingError: () => ServiceError.client('Throttling', 'Rate exceeded'),
    internalError: (status: ServerErrorStatus) =>
      status === HTTP_SERVICE_UNAVAILABLE
        ? ServiceError.server('ServiceUnavailable', 'The request has failed due to a temporary failure of the server.', status)
        : ServiceError.server('InternalFailure', 'The request processing has failed because of an unknown error.', status),
  };
}

function runOperation(
  cloudFormation: CloudFormationService,
  operation: string,
  params: ParamObject,
  context: RequestContext,
): WireResponse {
  const success = (result: readonly XmlElement[] | undefined) =>
    awsQuerySuccess(operation, CLOUDFORMATION_XML_NAMESPACE, result, context.requestId);
  switch (operation) {
    case 'CreateStack':
      return success([el('StackId', cloudFormation.createStack(params, context))]);
    case 'DescribeStacks':
      return success([el('Stacks', ...cloudFormation.describeStacks(params, context).map(stackMember))]);
    case 'DeleteStack':
      cloudFormation.deleteStack(params, context);
      return success(undefined);
    default:
      throw ServiceError.client('InvalidAction', `The action ${operation} is not valid for this web service.`);
  }
}

function members<T>(name: string, items: readonly T[], render: (item: T) => XmlElement): XmlElement {
  return el(name, ...items.map((item) => el('member', ...render(item).children)));
}

function stackMember(stack: Stack): XmlElement {
  return el(
    'member',
    el('StackId', stack.stackId),
    el('StackName', stack.stackName),
    members('Parameters', stack.parameters, (p) =>
      el(
        'Parameter',
        el('ParameterKey', p.key),
        leaf('ParameterValue', p.value),
        leaf('UsePreviousValue', p.usePreviousValue),
      ),
    ),
    el('CreationTime', stack.creationTime.toISOString()),
    leaf('DeletionTime', stack.deletionTime?.toISOString()),
    el('StackStatus', stack.status),
    el('DisableRollback', String(stack.disableRollback)),
    members('NotificationARNs', stack.notificationArns, (arn) => el('Arn', arn)),
    // Like CloudFormation, Capabilities appears only when the stack has some.
    stack.capabilities.length > 0 ? members('Capabilities', stack.capabilities, (c) => el('Capability', c)) : undefined,
    members('Tags', stack.tags, (t) => el('Tag', el('Key', t.key), el('Value', t.value))),
    el('EnableTerminationProtection', String(stack.enableTerminationProtection)),
  );
}
