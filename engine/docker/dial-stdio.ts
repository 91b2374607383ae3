// The HTTP agent of one host's Docker API: every socket is a `docker system dial-stdio` channel on
// the host's one SSH connection (what `docker -H ssh://` runs on the far side). Opening a channel
// costs the host a session and a process (close to a second on a busy machine), a request on an
// open one a few milliseconds: so a few channels are kept open and every request waits for one.
//
// The agent is handed its socket at once and the channel is joined to it when the host has opened
// it. Node's http.Agent counts a socket only once it has it: had the socket come asynchronously, a
// burst of requests would each have started a channel of its own, past `maxSockets` and past the
// host's MaxSessions. Handed at once, the agent's own count and queue hold, and a request beyond
// the limit reuses the next socket that comes free instead of opening another channel.
import { Agent, type ClientRequest } from "node:http";
import { Duplex } from "node:stream";
import type { Client, ClientChannel } from "ssh2";
import { ChannelLimit } from "./channels";
import { boundRequest } from "./requests";

export class DialStdioAgent extends Agent {
  private readonly limit: ChannelLimit;

  constructor(
    private readonly client: Client,
    private readonly where: string,
    maxChannels: number,
    private readonly requestTimeoutMs?: number,
  ) {
    super({ keepAlive: true, maxSockets: maxChannels });
    this.limit = new ChannelLimit(maxChannels);
  }

  /** Node's entry for every request (not in its typings): each one's clock starts when it gets its socket. */
  addRequest(req: ClientRequest, options: unknown): void {
    boundRequest(req, this.where, this.requestTimeoutMs);
    (Agent.prototype as unknown as { addRequest: (this: Agent, r: ClientRequest, o: unknown) => void }).addRequest.call(this, req, options);
  }

  override createConnection(): Duplex {
    const socket = new ChannelSocket();
    void this.limit.acquire().then((release) => {
      if (socket.destroyed) return release();
      this.client.exec("docker system dial-stdio", (err, channel) => {
        if (err) {
          release();
          return socket.destroy(channelRefused(err, this.where, this.established, this.limit.max));
        }
        this.established++;
        channel.once("close", () => {
          this.established--;
          release();
        });
        // Its request gave up (cancelled, or timed out) while the host was opening the channel.
        if (socket.destroyed) return channel.close();
        let stderr = "";
        channel.stderr.on("data", (d: Buffer) => (stderr = (stderr + d.toString("utf8")).slice(-500)));
        channel.once("exit", (code: number | null) => {
          if (code && code !== 0) channel.emit("error", new Error(`docker system dial-stdio exited with ${code} on ${this.where}${stderr.trim() ? `: ${stderr.trim()}` : ""} (the host needs a Docker CLI and engine)`));
          channel.destroy();
        });
        socket.join(channel);
      });
    });
    return socket;
  }

  /** Channels the host has opened and not yet closed. */
  private established = 0;
}

/** Why the host would not open a Docker API channel; a refused session is sshd's MaxSessions. */
function channelRefused(err: Error, where: string, open: number, max: number): Error {
  if (/channel open failure/i.test(err.message)) {
    return new Error(
      `${where} refused a new SSH session with ${open} open on the connection: its sshd allows fewer sessions per connection (MaxSessions) than Harmony uses (up to ${max}); set MaxSessions ${max + 2} or more in the host's sshd_config (${err.message})`,
    );
  }
  return new Error(`${where} did not open a Docker API channel: ${err.message}`);
}

/**
 * A socket for the HTTP client before its channel exists: writes wait for the channel, reads come
 * from it, and closing either closes both. Stands in for a net.Socket, so the socket methods the
 * HTTP client calls are there and do nothing an SSH channel could honour.
 */
class ChannelSocket extends Duplex {
  private channel?: ClientChannel;
  private whenJoined: (() => void)[] = [];

  join(channel: ClientChannel): void {
    this.channel = channel;
    channel.on("data", (d: Buffer) => {
      if (!this.push(d)) channel.pause();
    });
    channel.once("end", () => this.push(null));
    channel.once("error", (e: Error) => this.destroy(e));
    channel.once("close", () => this.destroy());
    for (const f of this.whenJoined.splice(0)) f();
  }

  private withChannel(f: (c: ClientChannel) => void): void {
    if (this.channel) f(this.channel);
    else this.whenJoined.push(() => f(this.channel!));
  }

  override _write(chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.withChannel((c) => c.write(chunk, encoding, callback));
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.withChannel((c) => {
      c.end();
      callback();
    });
  }

  override _read(): void {
    this.channel?.resume();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.channel?.destroy();
    callback(error);
  }

  setTimeout(): this {
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  setKeepAlive(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
}
