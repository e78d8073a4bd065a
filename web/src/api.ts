// Fetching from the API: query strings from plain objects, errors turned into sentences.

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export type Params = Record<string, string | number | undefined | null>;

export function apiUrl(path: string, params: Params = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v != null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return `/api/${path}${s ? `?${s}` : ''}`;
}

export async function getJson<T>(path: string, params: Params = {}, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(apiUrl(path, params), {
      signal: signal ?? null,
      headers: { Accept: 'application/json' },
    });
  } catch (e) {
    if (isAbort(e)) throw e;
    throw new ApiError('The server did not answer. Is `redline serve` still running?', 0);
  }
  if (!res.ok) {
    let msg = `The server answered ${res.status} ${res.statusText}.`;
    try {
      const body = (await res.json()) as { error?: { message?: string } };
      if (body.error?.message) msg = body.error.message;
    } catch {
      // A body that is not JSON keeps the status line as the message.
    }
    throw new ApiError(msg, res.status);
  }
  return (await res.json()) as T;
}

export const isAbort = (e: unknown) => e instanceof DOMException && e.name === 'AbortError';

/** The words to show for a failed request. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError)
    return e.status === 400
      ? `These filters cannot be applied: ${e.message}`
      : `Could not load: ${e.message}`;
  return `Could not load: ${e instanceof Error ? e.message : String(e)}`;
}
