/** Whether something listens on a loopback port: for tests that check a mock they started is gone. */
import { connect } from 'node:net';

/** Resolves true when a TCP connection to 127.0.0.1:`port` opens, false when it is refused. */
export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
