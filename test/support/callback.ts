/** Driving the loopback listener of `login` (../../src/login/callback.ts) as a browser and the sign-in do. */
import type { CallbackAnswer, CallbackListener } from '../../src/login/callback.js';

/**
 * What the browser does with the redirect (GET the callback), and what the sign-in does with the
 * code it brings (take the answer, then conclude): the page is held until then, so it is fetched
 * first and read last.
 */
export async function callBack(listener: CallbackListener, query: string, signedIn = true): Promise<{ answer: CallbackAnswer; page: Response }> {
  const page = fetch(`${listener.redirectUri}?${query}`);
  const answer = await listener.answer;
  listener.conclude(signedIn);
  return { answer, page: await page };
}
