import { describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { checkRedis } from '../../src/sweep/queue-jobs.js';
import { connectionOptions, parseRedisUrl, redact } from '../../src/sweep/queue-url.js';
import { envRefusal } from '../../src/sweep/worker.js';

describe('the queue URL', () => {
  it('reads host, port, database, user, password and TLS', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6380/2')).toMatchObject({ host: '127.0.0.1', port: 6380, db: 2 });
    expect(parseRedisUrl('redis://box')).toMatchObject({ host: 'box', port: 6379, db: 0 });
    const secret = parseRedisUrl('redis://:s%40cret@10.0.0.5:6379/0');
    expect(secret).toMatchObject({ password: 's@cret', display: 'redis://:***@10.0.0.5:6379/0' });
    expect(secret.username).toBeUndefined();
    expect(parseRedisUrl('rediss://alice:pw@redis.example.org:6390/1')).toMatchObject({ username: 'alice', password: 'pw', tls: {}, port: 6390, db: 1 });
    expect(connectionOptions(secret)).toEqual({ host: '10.0.0.5', port: 6379, db: 0, password: 's@cret', maxRetriesPerRequest: null });
  });

  it('never prints a password, and names a bad URL and its fix', () => {
    expect(redact('redis://u:hunter2@h:1/0')).toBe('redis://u:***@h:1/0');
    expect(() => parseRedisUrl('http://h:1/0')).toThrow(/scheme must be redis:\/\/ or rediss:\/\/ \(TLS\), not http:/);
    expect(() => parseRedisUrl('redis://:pw@h:1/x')).toThrow(/database after the port must be a whole number .*not "\/x"/);
    expect(() => parseRedisUrl('localhost:6379')).toThrow(/scheme must be redis/);
    expect(() => parseRedisUrl('redis://:hunter2@h:1/x')).not.toThrow(/hunter2/);
  });
});

describe('an unreachable Redis', () => {
  it('is named with its URL (password hidden) and the fix, instead of BullMQ retrying forever', async () => {
    // a port nothing listens on: bound, then closed
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const p = (server.address() as { port: number }).port;
        server.close(() => resolve(p));
      });
    });
    await expect(checkRedis(parseRedisUrl(`redis://:hunter2@127.0.0.1:${port}/0`), 2000)).rejects.toThrow(
      new RegExp(`cannot reach Redis at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port}/0: [^.]+\\. Start a server \\(\`redis-server --port ${port}\``),
    );
  });
});

describe('the env a worker loads', () => {
  it('a registered id, or a file under an --allow-env-dir folder; nothing else', () => {
    expect(envRefusal('CartPole-v1', [])).toBeUndefined();
    expect(envRefusal('NoSuchEnv-v0', [])).toMatch(/env NoSuchEnv-v0 is not registered on this worker/);
    expect(envRefusal('some-package:Env-v0', [])).toMatch(/imports the module some-package; a worker loads env code only from registered ids and files under --allow-env-dir/);
    const here = import.meta.dirname;
    expect(envRefusal(`${here}/queue-url.test.ts:X`, [here])).toBeUndefined();
    expect(envRefusal(`${here}/queue-url.test.ts:X`, [`${here}/../fixtures`])).toMatch(/is outside the worker's --allow-env-dir folders/);
    expect(envRefusal(`${here}/../sweep/../sweep/queue-url.test.ts:X`, [here])).toBeUndefined();
    expect(envRefusal(`${here}/../cli/helpers.ts:X`, [here])).toMatch(/outside/); // `..` does not climb out
    expect(envRefusal('/no/such/file.js:X', ['/no'])).toMatch(/does not exist on this worker/);
  });
});
