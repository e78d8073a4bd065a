// Every error leaves the server as `{error: {message, status}}` with a fitting status code; a
// stack trace never does.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { QueryError } from '../store/queries.js';

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const errorBody = (status: number, message: string) => ({ error: { message, status } });

export function errorResponse(
  c: Context,
  status: ContentfulStatusCode,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return c.json(errorBody(status, message), status, headers);
}

/** One readable sentence from a zod error: which parameter, and what was wrong with it. */
export function describeZodError(error: ZodError, target: string): string {
  const parts = error.issues.slice(0, 5).map((i) => {
    const where = i.path.length ? i.path.join('.') : target === 'json' ? 'body' : target;
    if (i.code === 'unrecognized_keys')
      return `unknown ${target === 'query' ? 'parameter' : 'field'}: ${i.keys.join(', ')}`;
    return `${where}: ${i.message}`;
  });
  return parts.join('; ');
}

export function handleError(err: unknown, c: Context): Response {
  if (err instanceof ApiError) return errorResponse(c, err.status, err.message, err.headers);
  if (err instanceof QueryError) return errorResponse(c, 400, err.message);
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const message =
      status === 413
        ? 'request body too large'
        : status === 415
          ? 'unsupported content type: send application/json'
          : err.message || 'bad request';
    return errorResponse(c, status, message);
  }
  // Unexpected: one line on the server's stderr, a plain message to the client.
  process.stderr.write(
    `redline serve: ${c.req.method} ${c.req.path}: ${(err as Error)?.message ?? String(err)}\n`,
  );
  return errorResponse(c, 500, 'internal error: the server could not answer this request');
}
