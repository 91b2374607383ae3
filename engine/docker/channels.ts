// How many SSH channels one host connection may have open at once. sshd refuses a session past its
// MaxSessions (OpenSSH's default: 10) with a bare "Channel open failure", and a channel counts there
// until its close has gone both ways, after the HTTP agent has already let go of its socket. A
// dozen lines of counting rather than a queue library: the release must wait for the channel's
// own close event, which a generic limiter would not know about anyway.

/**
 * Well below OpenSSH's default MaxSessions of 10. Opening a session costs the host a login shell and
 * a docker CLI process, often more than the requests it then carries: in the docker bench (20
 * containers, 2 hosts) 4 channels deployed in 0.26x the docker CLI's time, 8 in 0.50x.
 */
export const DEFAULT_MAX_CHANNELS = 4;

export class ChannelLimit {
  private open = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly max: number) {}

  /** Resolves with a release function once a channel may be opened; call it once the channel has closed (or failed to open). */
  acquire(): Promise<() => void> {
    return new Promise((resolve) => {
      const grant = () => {
        this.open++;
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          this.open--;
          this.waiting.shift()?.();
        });
      };
      if (this.open < this.max) grant();
      else this.waiting.push(grant);
    });
  }
}
