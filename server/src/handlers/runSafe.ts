import { LSPErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver/node';

/**
 * Runs a request handler so that a bug or bad input never takes the server down: errors are logged and answered
 * with the fallback, and a cancelled request is answered as cancelled.
 */
export async function runSafe<T>(connection: Connection, what: string, fn: () => T | Promise<T>, fallback: T, token?: CancellationToken): Promise<T> {
  if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
  try {
    const result = await fn();
    if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    return result;
  } catch (e) {
    if (e instanceof ResponseError) throw e;
    connection.console.error(`${what} failed: ${(e as Error).stack ?? e}`);
    return fallback;
  }
}
