import { QueueError } from '../util/errors.js';

/** How BullMQ reaches Redis: ioredis' options, from a `redis://` or `rediss://` (TLS) URL. */
export interface RedisTarget {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls?: Record<string, never>;
  /** the URL with its password replaced by `***`, for messages and files */
  display: string;
}

const DEFAULT_PORT = 6379;
const EXAMPLE = 'redis://127.0.0.1:6379/0 (or redis://:PASSWORD@HOST:6379/0, rediss://... for TLS)';

/** `redis://[[user]:password@]host[:port][/db]`; `rediss://` is the same over TLS. */
export function parseRedisUrl(text: string): RedisTarget {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new QueueError(`--queue ${redact(text)} is not a URL: give the Redis server as ${EXAMPLE}.`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new QueueError(`--queue ${redact(text)}: the scheme must be redis:// or rediss:// (TLS), not ${url.protocol}//. Example: ${EXAMPLE}.`);
  }
  if (url.hostname === '') throw new QueueError(`--queue ${redact(text)} names no host: ${EXAMPLE}.`);
  const port = url.port === '' ? DEFAULT_PORT : Number(url.port);
  const dbText = url.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0) throw new QueueError(`--queue ${redact(text)}: the database after the port must be a whole number (/0, /1, ...), not "/${dbText}".`);
  const username = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''), // an IPv6 literal without its brackets
    port,
    db,
    ...(username !== '' && { username }),
    ...(password !== '' && { password }),
    ...(url.protocol === 'rediss:' && { tls: {} }),
    display: redact(text),
  };
}

/** The URL with any password replaced by `***`. */
export function redact(text: string): string {
  return text.replace(/^(\w+:\/\/[^:@/]*:)[^@/]*@/, '$1***@');
}

/** ioredis' connection options of a target (BullMQ needs `maxRetriesPerRequest: null` for its blocking commands). */
export function connectionOptions(t: RedisTarget): Record<string, unknown> {
  const { display: _display, ...rest } = t;
  return { ...rest, maxRetriesPerRequest: null };
}
