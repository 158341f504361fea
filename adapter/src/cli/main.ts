/**
 * `cti-adapter <command> [options]`: each command lives in `./<command>-command.ts` and exports
 * `run(args: string[]): Promise<number>` (the exit code). Commands load lazily so that `replay`
 * never loads the network or database layers.
 */
const COMMANDS: Record<string, string> = {
  replay: 'Fold Kazoo events from a file into CallData__c records and print them (no network).',
  start: 'Run the adapter: PBX events in, CallData__c records out, HTTP API on.',
  check: 'Test PBX and Salesforce credentials, the PushTopic and the permissions the adapter needs.',
  members: 'List PBX users and the Salesforce user each one maps to.',
  outbox: 'Show the outbox depth and dead letters; retry dead letters with --retry.'
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, text]) => `  ${name.padEnd(8)} ${text}`);
  return `usage: cti-adapter <command> [options]\n\ncommands:\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === '--help' || command === '-h') {
    process.stdout.write(usage());
    return command ? 0 : 2;
  }
  if (!(command in COMMANDS)) {
    process.stderr.write(`cti-adapter: unknown command '${command}'\n${usage()}`);
    return 2;
  }
  const module = (await import(`./${command}-command.ts`)) as { run(args: string[]): Promise<number> };
  return module.run(args);
}

process.exitCode = await main(process.argv.slice(2));
