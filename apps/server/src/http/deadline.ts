import { unavailable } from '@custodia/core';

/** The promise's value, or UNAVAILABLE when it has not settled within `ms` (the promise itself runs on). */
export async function withinDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(unavailable(Object.assign(new Error(`The database did not answer within ${ms} ms`), { code: 'TIMEOUT' }))), ms);
  });
  promise.catch(() => undefined); // settled after the deadline: nobody waits for it any more
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
