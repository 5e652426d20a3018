// The `repscope` command line: dispatches to a subcommand and turns every failure into one `error:` line
// and exit status 2. `main` takes argv and the I/O as arguments so tests can run it in-process.
import { CliError, parseArgs } from './args';
import { cacheCommand } from './cache';
import { ckaCommand } from './cka';
import { GLOBAL_FLAGS, GLOBAL_HELP, MODEL_HELP, type CliIo, type Command } from './command';
import { generateCommand } from './generate';
import { infoCommand } from './info';
import { logitsCommand } from './logits';
import { patchCommand } from './patch';
import { pcaCommand } from './pca';
import { probeCommand } from './probe';
import { directionCommand } from './direction';
import { steerCommand } from './steer';
import { umapCommand } from './umap';

export type { CliIo } from './command';

export const EXIT_OK = 0;
export const EXIT_ERROR = 2;

export const COMMANDS: readonly Command[] = [infoCommand, logitsCommand, cacheCommand, generateCommand, umapCommand, probeCommand, directionCommand, pcaCommand, ckaCommand, patchCommand, steerCommand];

function topHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const list = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n');
  return `Usage: repscope <command> MODEL [options]

Runs Repscope's transformer engine (tfjs, wasm backend) from the command line.

Commands:
${list}
  ${'help'.padEnd(width)}  show help for a command: repscope help cache

${MODEL_HELP}

${GLOBAL_HELP}

Exit status: 0 on success, 2 on any error (one line on stderr starting "error:").
`;
}

function findCommand(name: string): Command {
  const cmd = COMMANDS.find((c) => c.name === name);
  if (cmd === undefined) {
    throw new CliError(`unknown command ${JSON.stringify(name)}; commands are ${COMMANDS.map((c) => c.name).join(', ')}`, true);
  }
  return cmd;
}

/** Moves global options written before the command (`repscope --backend cpu info …`) after it. */
function commandFirst(argv: readonly string[]): string[] {
  const leading: string[] = [];
  let i = 0;
  while (i < argv.length && (argv[i] === '--debug' || argv[i].startsWith('--backend'))) {
    const takesNext = argv[i] === '--backend';
    leading.push(...argv.slice(i, i + (takesNext ? 2 : 1)));
    i += takesNext ? 2 : 1;
  }
  return i === 0 ? [...argv] : [...argv.slice(i, i + 1), ...leading, ...argv.slice(i + 1)];
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<void> {
  const [first, ...rest] = commandFirst(argv).map((a) => (a === '-h' ? '--help' : a));
  if (first === undefined) throw new CliError('no command given', true);
  if (first === '--help' || (first === 'help' && rest.length === 0)) {
    io.stdout(topHelp());
    return;
  }
  if (first === 'help') {
    io.stdout(`${findCommand(rest[0]).help}\n`);
    return;
  }
  if (first.startsWith('-')) throw new CliError(`expected a command before ${first}`, true);
  const cmd = findCommand(first);
  const args = parseArgs(rest, { ...GLOBAL_FLAGS, ...cmd.flags }, cmd.name);
  if (args.flags.has('help')) {
    io.stdout(`${cmd.help}\n`);
    return;
  }
  await cmd.run(args, io);
}

/** The usage hint for a usage error: the command's own help when argv names a known command. */
function usageHint(argv: readonly string[]): string {
  const name = commandFirst(argv)[0];
  return COMMANDS.some((c) => c.name === name) ? `see "repscope help ${name}"` : 'see "repscope --help"';
}

function reportError(err: unknown, argv: readonly string[], io: CliIo): void {
  const message = err instanceof Error ? err.message : String(err);
  const oneLine = message.replace(/\s*\n\s*/g, ' ').trim() || 'unknown error';
  const hint = err instanceof CliError && err.usage ? ` (${usageHint(argv)})` : '';
  io.stderr(`error: ${oneLine}${hint}\n`);
  if (argv.includes('--debug') && err instanceof Error && err.stack !== undefined) io.stderr(`${err.stack}\n`);
}

/** Runs the CLI; returns the exit status (0 ok, 2 error) instead of exiting, so tests can call it. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    await dispatch(argv, io);
    return EXIT_OK;
  } catch (err) {
    reportError(err, argv, io);
    return EXIT_ERROR;
  }
}

/** The I/O of the real process, for the launcher. */
export function processIo(): CliIo {
  // `npm run repscope -- …` runs in the package root; INIT_CWD is where the user typed it.
  const viaNpmRun = process.env.npm_lifecycle_event === 'repscope' && process.env.INIT_CWD;
  // `repscope info … | head` closes the pipe early; that is the reader's choice, not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(process.exitCode ?? 0);
  });
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    cwd: viaNpmRun ? process.env.INIT_CWD! : process.cwd(),
  };
}
