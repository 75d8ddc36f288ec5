import { SingleBar, Presets } from 'cli-progress';

/** A progress bar on a terminal; when output is piped, a plain line at every quarter instead. */
export interface Progress {
  update(done: number, text: string): void;
  stop(text: string): void;
}

/**
 * A progress display for `total` steps labelled `label` (cli-progress on a TTY).
 * @example const p = progress('epoch 1', 800); p.update(400, 'loss 0.21'); p.stop('done');
 */
export function progress(label: string, total: number): Progress {
  if (process.stdout.isTTY) {
    const bar = new SingleBar({ format: `${label} [{bar}] {value}/{total} {text}`, hideCursor: true, clearOnComplete: true }, Presets.shades_classic);
    bar.start(total, 0, { text: '' });
    return {
      update: (done, text) => bar.update(done, { text }),
      stop: (text) => {
        bar.stop();
        console.log(`${label} ${text}`);
      },
    };
  }
  let quarter = 0;
  return {
    update: (done, text) => {
      const q = Math.floor((4 * done) / total);
      if (q > quarter && q < 4) {
        quarter = q;
        console.log(`${label} ${done}/${total} ${text}`);
      }
    },
    stop: (text) => console.log(`${label} ${text}`),
  };
}
