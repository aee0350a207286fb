/** Bare HTTP targets and proxies in front of them, for the proxy's tests: all closed after the tests of the file or block that asked for them. */
import { createServer, type RequestListener, type Server } from 'node:http';
import { afterAll } from 'vitest';
import { createProxy, type ProxyOptions, type VerifyingProxy } from '../src/node/proxy/index.js';

/** Call at the top of a test file or in a `describe` block: registers the `afterAll` that closes what the fixtures started. */
export function proxyFixtures() {
  const servers: Server[] = [];
  const proxies: VerifyingProxy[] = [];
  afterAll(async () => {
    for (const p of proxies) await p.close();
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise((resolve) => s.close(resolve));
    }
  });

  async function listening(server: Server): Promise<string> {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  return {
    /** A target on 127.0.0.1 that answers with `handler`: its URL. */
    async target(handler: RequestListener): Promise<string> {
      const server = createServer(handler);
      servers.push(server);
      return listening(server);
    },
    /** The URL of a port nothing listens on any more: a target started, then closed. */
    async closedTarget(): Promise<string> {
      const server = createServer();
      const url = await listening(server);
      await new Promise((resolve) => server.close(resolve));
      return url;
    },
    /** A proxy in front of `target`, listening on a free port of 127.0.0.1. */
    async proxy(target: string, options: Omit<ProxyOptions, 'target'> = {}): Promise<{ proxy: VerifyingProxy; url: string; port: number }> {
      const proxy = createProxy({ target, ...options });
      proxies.push(proxy);
      const { url, port } = await proxy.listen(0);
      return { proxy, url, port };
    },
  };
}
