// The Lambda entry point (handler: index.handler). Set RETRYSAFE_AWS_ENDPOINT
// to point it at fake-aws; unset, it talks to AWS. In production give the
// plugin a durable store (DynamoDB) and a secret through createHandler.
import { createHandler } from './handler.js';

export const handler = createHandler();
