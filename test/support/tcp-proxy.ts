import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a real server, to take that server "down" and back "up" in a test
 * without stopping it for everyone else: `cut()` drops every connection and refuses new ones;
 * `freeze()` keeps them open and passes nothing on (a host gone from the network, no reset).
 */
export class TcpProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private readonly pairs = new Set<{ client: Socket; upstream: Socket }>();
  private readonly held: Socket[] = [];
  private frozen = false;
  port = 0;

  constructor(private readonly targetHost: string, private readonly targetPort: number) {}

  async start(port = this.port): Promise<number> {
    this.server = createServer((client) => {
      this.track(client);
      if (this.frozen) {
        // Taken and never answered.
        client.pause();
        this.held.push(client);
      } else this.forward(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this.port;
  }

  /** Drops all connections and stops listening: the server looks down. */
  async cut(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }

  /** Listens again on the same port. */
  async restore(): Promise<void> {
    await this.start(this.port);
  }

  /** Passes nothing on any more, in either direction, and answers no new connection, but closes nothing. */
  freeze(): void {
    this.frozen = true;
    for (const { client, upstream } of this.pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.pause();
      upstream.pause();
    }
  }

  /** Passes everything on again, what waited included. */
  thaw(): void {
    if (!this.frozen) return;
    this.frozen = false;
    for (const { client, upstream } of this.pairs) this.join(client, upstream);
    for (const client of this.held.splice(0)) if (!client.destroyed) this.forward(client);
  }

  private track(s: Socket): void {
    this.sockets.add(s);
    s.on('close', () => this.sockets.delete(s));
    s.on('error', () => s.destroy());
  }

  private forward(client: Socket): void {
    const upstream = connect(this.targetPort, this.targetHost);
    this.track(upstream);
    const pair = { client, upstream };
    this.pairs.add(pair);
    const close = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', close);
    upstream.on('close', close);
    this.join(client, upstream);
  }

  private join(client: Socket, upstream: Socket): void {
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
