import cliProgress from 'cli-progress';

export interface Progress {
  update(n: number, label: string): void;
  stop(): void;
}

/** A progress line on stderr when it is a terminal; silent otherwise, so pipes stay clean. */
export function progressBar(what: string): Progress | null {
  if (!process.stderr.isTTY) return null;
  const bar = new cliProgress.SingleBar(
    {
      format: `${what} {value} articles | {label}`,
      stream: process.stderr,
      clearOnComplete: true,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(0, 0, { label: '' });
  return {
    update: (n, label) => bar.update(n, { label }),
    stop: () => bar.stop(),
  };
}
