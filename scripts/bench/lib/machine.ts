// What machine a benchmark ran on, in one or two lines: results mean little without it, and the
// load average says whether other processes were competing for the cores at the time.
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  tfjs: string;
  /** One-minute load average when the benchmark started and ended. */
  loadAtStart: number;
  loadAtEnd?: number;
}

export function describeMachine(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    tfjs: tf.version.tfjs,
    loadAtStart: os.loadavg()[0],
  };
}

export function finishMachine(info: MachineInfo): MachineInfo {
  return { ...info, loadAtEnd: os.loadavg()[0] };
}

export function formatMachine(info: MachineInfo): string[] {
  const load = `load average ${info.loadAtStart.toFixed(1)} at start, ${info.loadAtEnd?.toFixed(1) ?? '?'} at end`;
  const busy = Math.max(info.loadAtStart, info.loadAtEnd ?? 0) > info.cores / 2;
  return [
    `machine: ${info.cores} × ${info.cpuModel}, ${info.memoryGiB} GiB, ${info.os}; Node ${info.node}; tfjs ${info.tfjs}`,
    `${load} on ${info.cores} cores${busy ? ': other processes competed for the cores, so figures are noisy and low' : ''}`,
  ];
}
