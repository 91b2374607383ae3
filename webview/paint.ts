/**
 * Calls `fn` once the browser has painted the frame that shows what was just rendered: a task
 * queued from a frame's animation callback runs after that frame's style, layout and paint. This is
 * when a change is on screen — one frame sooner than waiting for a second animation frame, which
 * would count the next frame's wait too. `frames` waits for more frames (a first drawing that is
 * fitted to the view in its first frame shows fitted in the second).
 */
export function afterNextPaint(fn: () => void, frames = 1): void {
  requestAnimationFrame(() => {
    if (frames > 1) return afterNextPaint(fn, frames - 1);
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      fn();
    };
    channel.port2.postMessage(null);
  });
}
