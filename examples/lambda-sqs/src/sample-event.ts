import type { Context, SQSEvent } from 'aws-lambda';

/** One SQS message as Lambda delivers it (shaped like the AWS documentation's sample). */
export function sampleEvent(messageId = '059f36b4-87a3-44ab-83d2-661975830a7d', receiveCount = 1): SQSEvent {
  const body = {
    customer: 'acme',
    accountId: '111122223333',
    resourceArns: ['arn:aws:ec2:us-east-1:123456789012:subnet/subnet-0f1e2d3c4b5a69788'],
  };
  return {
    Records: [
      {
        messageId,
        receiptHandle: `AQEB${receiveCount}wJnKyrHigUMZj6rYigCgxlaS3SLy0a`,
        body: JSON.stringify(body),
        attributes: {
          ApproximateReceiveCount: String(receiveCount),
          SentTimestamp: '1763800000000',
          SenderId: 'AIDAIENQZJOLO23YVJ4VO',
          ApproximateFirstReceiveTimestamp: '1763800000005',
        },
        messageAttributes: {},
        md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:customer-environments',
        awsRegion: 'us-east-1',
      },
    ],
  };
}

/** A Lambda context with `remainingMs` left. */
export function sampleContext(remainingMs: number, awsRequestId: string): Context {
  const unsupported = (): never => {
    throw new Error('deprecated context callbacks are not used');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'customer-environments',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:customer-environments',
    memoryLimitInMB: '256',
    awsRequestId,
    logGroupName: '/aws/lambda/customer-environments',
    logStreamName: '2026/11/22/[$LATEST]0123456789abcdef0123456789abcdef',
    getRemainingTimeInMillis: () => remainingMs,
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}
