import type {
  HandlerExecutionContext,
  MetadataBearer,
  SerializeHandler,
  SerializeHandlerArguments,
  SerializeHandlerOutput,
  SerializeMiddleware,
} from '@smithy/types';
import { pendingSendOf, type PendingSend } from './pending-send.js';
import { promiseOf } from './promise-of.js';
import { resolveTokenOperation } from './token-member.js';
import { resolveToken } from './token-resolver.js';

type Input = Record<string, unknown>;

/**
 * Serialize step, right after the SDK resolved the endpoint and the auth
 * scheme (so the signing Region is known): resolves the token and writes it
 * into the copy of the snapshot that is about to be serialized. Runs once per
 * send; the SDK's retries reuse the serialized request, so the token too.
 */
export function tokenMiddleware(): SerializeMiddleware<Input, MetadataBearer> {
  return (next: SerializeHandler<Input, MetadataBearer>, context: HandlerExecutionContext) =>
    (args: SerializeHandlerArguments<Input>): Promise<SerializeHandlerOutput<MetadataBearer>> =>
      promiseOf(() => {
        const pending = pendingSendOf(args);
        if (pending === undefined) {
          if (resolveTokenOperation(context) !== undefined) {
            // Fail closed: sending a token operation untracked could duplicate it.
            throw new Error(
              `retrysafe: ${context.commandName ?? 'command'} reached serialization without passing the idempotency middleware; refusing to send it untracked`,
            );
          }
          return next(args);
        }
        const resolved = resolveToken(pending, context);
        // Most sends resolve without waiting (a random token, or the command's own): no promise turn for them.
        return typeof resolved === 'string'
          ? sendWithToken(next, args, pending, resolved)
          : resolved.then((token) => sendWithToken(next, args, pending, token));
      });
}

/**
 * The send's own copy takes the token in place; an input some other
 * middleware put there instead is copied, never written to.
 */
function sendWithToken(
  next: SerializeHandler<Input, MetadataBearer>,
  args: SerializeHandlerArguments<Input>,
  pending: PendingSend,
  token: string,
): Promise<SerializeHandlerOutput<MetadataBearer>> {
  if (args.input === pending.input) {
    pending.input[pending.operation.member] = token;
    return next(args);
  }
  return next({ ...args, input: { ...args.input, [pending.operation.member]: token } });
}
