/** A promise with its settle functions, for results that arrive through callbacks. */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: Error): void;
}

/** `quiet` marks the promise handled, for results nobody may end up awaiting. */
export function deferred<T>(options: { quiet?: boolean } = {}): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  if (options.quiet) promise.catch(() => {});
  return { promise, resolve, reject };
}
