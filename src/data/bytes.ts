// Byte counts as people read them (decimal units, as the Hugging Face hub lists file sizes).

/** E.g. 548105728 → "548.1 MB", 1536 → "1.5 kB", 12 → "12 bytes". */
export function formatBytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} kB`;
  return `${n} byte${n === 1 ? '' : 's'}`;
}

/** "123.4 of 548.1 MB": both numbers in the larger one's unit, so the pair reads at a glance. */
export function formatByteProgress(done: number, total: number): string {
  const [scale, unit] = total >= 1e9 ? [1e9, 'GB'] : total >= 1e6 ? [1e6, 'MB'] : total >= 1e3 ? [1e3, 'kB'] : [1, 'bytes'];
  const digits = scale === 1 ? 0 : scale === 1e9 ? 2 : 1;
  return `${(done / scale).toFixed(digits)} of ${(total / scale).toFixed(digits)} ${unit}`;
}
