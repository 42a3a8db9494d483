import type {
  HandlerExecutionContext,
  MetadataBearer,
  SerializeHandler,
  SerializeHandlerArguments,
  SerializeHandlerOutput,
  SerializeMiddleware,
} from '@smithy/types';
import { PENDING_SEND, pendingByInput } from './idempotency-middleware.js';
import { resolveTokenOperation } from './token-member.js';
import { resolveToken, type PendingSend } from './token-resolver.js';

type Input = Record<string, unknown>;

/**
 * Serialize step, right after the SDK resolved the endpoint and the auth
 * scheme (so the signing Region is known): resolves the token and writes it
 * into the copy of the snapshot that is about to be serialized. Runs once per
 * send; the SDK's retries reuse the serialized request, so the token too.
 */
export function tokenMiddleware(): SerializeMiddleware<Input, MetadataBearer> {
  return (next: SerializeHandler<Input, MetadataBearer>, context: HandlerExecutionContext) =>
    async (args: SerializeHandlerArguments<Input>): Promise<SerializeHandlerOutput<MetadataBearer>> => {
      const pending = (args as { [PENDING_SEND]?: PendingSend })[PENDING_SEND] ?? pendingByInput.get(args.input);
      if (pending === undefined) {
        if (resolveTokenOperation(context) !== undefined) {
          // Fail closed: sending a token operation untracked could duplicate it.
          throw new Error(
            `retrysafe: ${context.commandName ?? 'command'} reached serialization without passing the idempotency middleware; refusing to send it untracked`,
          );
        }
        return next(args);
      }
      const token = await resolveToken(pending, context);
      return next({ ...args, input: { ...args.input, [pending.operation.member]: token } });
    };
}
