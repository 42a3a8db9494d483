import { isFinalError } from './caller-errors.js';

// The caller as people write it today: send; on an error, send again, up to
// a bound, unless the error says sending again cannot help.

export type SendResult = { readonly ok: true; readonly sends: number } | { readonly ok: false; readonly sends: number; readonly error: unknown };

/**
 * Calls `send(resend)` (resend 0 is the first send) until one succeeds, a
 * final error arrives, or `maxResends` resends have failed too.
 */
export async function sendWithResends(send: (resend: number) => Promise<unknown>, maxResends: number): Promise<SendResult> {
  for (let resend = 0; ; resend += 1) {
    try {
      await send(resend);
      return { ok: true, sends: resend + 1 };
    } catch (error) {
      if (isFinalError(error) || resend >= maxResends) return { ok: false, sends: resend + 1, error };
    }
  }
}
