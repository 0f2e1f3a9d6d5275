import { SingleBar, Presets } from 'cli-progress';

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/**
 * Progress on stderr: a bar on a terminal; elsewhere a line at most every 5 seconds
 * (VT_PROGRESS_INTERVAL_MS), so logs of long runs in CI or cron still show that work moves.
 */
export function createProgress(label: string): Progress {
  if (process.stderr.isTTY) {
    const bar = new SingleBar({ format: `${label} [{bar}] {percentage}% | {value}/{total} | eta {eta_formatted}`, stream: process.stderr, hideCursor: true }, Presets.shades_classic);
    let started = false;
    return {
      update(done, total) {
        if (!started) {
          bar.start(total, done);
          started = true;
        } else {
          bar.setTotal(total);
          bar.update(done);
        }
      },
      stop: () => started && bar.stop(),
    };
  }
  let last = 0;
  const interval = Number(process.env.VT_PROGRESS_INTERVAL_MS ?? 5000);
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last < interval && done < total) return;
      last = now;
      process.stderr.write(`${label}: ${done}/${total}\n`);
    },
    stop: () => undefined,
  };
}
