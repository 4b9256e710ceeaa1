// A one-line progress bar on stderr, only when stderr is a terminal.

export interface Progress {
  update(done: number, total: number): void;
  clear(): void;
}

const NONE: Progress = { update() {}, clear() {} };

export function progressBar(stream: NodeJS.WriteStream, enabled: boolean): Progress {
  if (!enabled || !stream.isTTY) return NONE;
  let last = 0;
  let shown = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (done < total && now - last < 100) return; // at most ten redraws a second
      last = now;
      const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - 30));
      const filled = total === 0 ? width : Math.round((done / total) * width);
      stream.write(`\r\u001b[2K[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} files`);
      shown = true;
    },
    clear() {
      if (shown) stream.write('\r\u001b[2K');
      shown = false;
    },
  };
}
