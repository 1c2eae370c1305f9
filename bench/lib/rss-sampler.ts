// Peak and current resident memory of another process, read from /proc (Linux). VmHWM is the
// kernel's own high-water mark, so short spikes between samples are not missed; sampling only
// keeps the last value readable before the process exits.
import { readFileSync } from 'node:fs';

export function readRss(pid: number): { rssMb: number; peakMb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) =>
      Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) of a process's stat file, or null once it is gone. */
function readCpuSeconds(statPath: string): number | null {
  try {
    // Fields after the ") " that ends the command name: utime and stime are the 12th and 13th.
    const f = (readFileSync(statPath, 'utf8').split(') ')[1] ?? '').split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return null;
  }
}

export class RssSampler {
  peakMb = 0;
  lastMb = 0;
  /** CPU seconds of the whole process, and of its main thread alone (last reading). */
  cpuS = 0;
  mainThreadCpuS = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(pid: number, intervalMs = 50) {
    this.timer = setInterval(() => {
      this.cpuS = readCpuSeconds(`/proc/${pid}/stat`) ?? this.cpuS;
      this.mainThreadCpuS = readCpuSeconds(`/proc/${pid}/task/${pid}/stat`) ?? this.mainThreadCpuS;
      const r = readRss(pid);
      // A zombie (exited, not yet reaped) has no Vm* lines: keep the last real reading.
      if (!r || Number.isNaN(r.peakMb)) return;
      this.lastMb = r.rssMb;
      this.peakMb = Math.max(this.peakMb, r.peakMb);
    }, intervalMs);
    this.timer.unref();
  }

  stop(): number {
    clearInterval(this.timer);
    return this.peakMb;
  }
}
