import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';

/**
 * The one place where the server's work meets an exception. Every request and notification handler,
 * document event, timer and callback is wrapped here, so that a fault in one document's analysis is
 * logged (and a pending request answered with an error) while the server keeps serving the others.
 * A timer that threw outside this wrapper would end the process. Same idea as
 * compose-language-service's callWithTelemetryAndErrorHandling.
 */
export class ErrorBoundary {
  constructor(private readonly log: (message: string) => void) {}

  /** A request handler: an exception (thrown or rejected) becomes an InternalError reply. */
  request<A extends unknown[], R, E = void>(name: string, handler: (...args: A) => R | Promise<R>): (...args: A) => R | ResponseError<E> | Promise<R | ResponseError<E>> {
    return (...args) => this.run(name, () => handler(...args), (message) => new ResponseError<E>(ErrorCodes.InternalError, message));
  }

  /** A notification, event, timer or callback: an exception is logged and the work is dropped. */
  callback<A extends unknown[]>(name: string, fn: (...args: A) => unknown): (...args: A) => void {
    return (...args) => {
      this.run(name, () => fn(...args), () => undefined);
    };
  }

  private run<T, F>(name: string, work: () => T | Promise<T>, onError: (message: string) => F): T | F | Promise<T | F> {
    const fail = (error: unknown): F => {
      const message = `${name} failed: ${error instanceof Error ? error.message : String(error)}`;
      try {
        this.log(error instanceof Error && error.stack ? `${message}\n${error.stack}` : message);
      } catch {
        // the connection itself is gone: there is nowhere left to report to
      }
      return onError(message);
    };
    try {
      const result = work();
      return result instanceof Promise ? result.catch(fail) : result;
    } catch (error) {
      return fail(error);
    }
  }
}
