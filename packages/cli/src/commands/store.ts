import { TokenStoreError, type TokenRecord, type TokenStore } from '@retrysafe/core';
import type { Command } from 'commander';
import { CommandFailure, UsageError } from '../cli-errors.js';
import type { CommandIo } from '../cli-io.js';
import { wholeNumber } from '../flag-values.js';
import { addStoreFlags, openStore, STORE_ENV_VARS, type StoreFlags } from '../store-connection.js';
import { formatTable } from '../text-table.js';

interface ListFlags extends StoreFlags {
  readonly prefix?: string;
  readonly limit?: number;
  readonly json?: boolean;
}
interface ShowFlags extends StoreFlags {
  readonly json?: boolean;
}
interface RemoveFlags extends StoreFlags {
  readonly force?: boolean;
  readonly json?: boolean;
}

/** A binding key is a hex SHA-256 (see bindingKey in @retrysafe/core). */
const BINDING_KEY = /^[0-9a-f]{64}$/;
/** Width of the labels of 'store show', the longest ('binding key:') and a space. */
const LABEL_WIDTH = 14;
const KEY_HELP = "a binding key: 64 hex characters, from 'retrysafe store ls' or the bindingKey of 'retrysafe token --json'";

const CONNECTION_HELP = `
Connection: one of --sqlite, --redis or --dynamodb-table, or their environment
variables ${STORE_ENV_VARS.sqlite}, ${STORE_ENV_VARS.redis}, ${STORE_ENV_VARS.dynamodbTable}
(also ${STORE_ENV_VARS.redisKeyPrefix}, ${STORE_ENV_VARS.endpoint}). A flag wins over the environment.
DynamoDB uses the AWS SDK's usual credentials and AWS_REGION.`;

export function registerStoreCommand(program: Command, io: CommandIo): void {
  const store = program
    .command('store')
    .summary('inspect and clean a token store (SQLite, Redis, DynamoDB)')
    .description('Lists, shows and removes the bindings (idempotency key -> token) the plugin keeps in a durable token store.')
    .addHelpText('after', CONNECTION_HELP);

  addStoreFlags(store.command('ls').summary('list live bindings').description('Lists the live (unexpired) bindings.'))
    .option('--prefix <hex>', 'only binding keys that start with this')
    .option('--limit <n>', 'at most this many', wholeNumber)
    .option('--json', 'print the records as a JSON array')
    .addHelpText('after', CONNECTION_HELP)
    .action((flags: ListFlags, command: Command) =>
      withStore(flags, command, io, async (tokens) => {
        if (tokens.list === undefined) throw new CommandFailure(`the ${tokens.name} token store cannot list its bindings`);
        const records = await tokens.list({
          ...(flags.prefix === undefined ? {} : { prefix: flags.prefix }),
          ...(flags.limit === undefined ? {} : { limit: flags.limit }),
        });
        if (flags.json === true) return io.printJson(records);
        if (records.length === 0) return io.note(`no live bindings in the ${tokens.name} token store`);
        const rows = records.map((r) => [r.bindingKey, r.token, r.status, isoTime(r.createdAt), isoTime(r.expiresAt)]);
        for (const line of formatTable(['BINDING KEY', 'TOKEN', 'STATUS', 'CREATED', 'EXPIRES'], rows, io.out)) io.print(line);
      }),
    );

  addStoreFlags(store.command('show').summary('show one binding').description('Shows one live binding: its token, status, times and parameter hashes.'))
    .argument('<key>', KEY_HELP)
    .option('--json', 'print the record as JSON')
    .addHelpText('after', CONNECTION_HELP)
    .action((key: string, flags: ShowFlags, command: Command) =>
      withStore(flags, command, io, async (tokens) => {
        const record = await tokens.get(bindingKeyArgument(key));
        if (record === undefined) throw new CommandFailure(`no live binding ${key} in the ${tokens.name} token store`);
        if (flags.json === true) return io.printJson(record);
        for (const line of describeRecord(record, io)) io.print(line);
      }),
    );

  addStoreFlags(
    store
      .command('rm')
      .summary('forget one binding')
      .description('Removes one binding: the next keyed call for that key gets a new token. Use it only once the operation is truly over.'),
  )
    .argument('<key>', KEY_HELP)
    .option('--force', 'succeed even when no live binding has that key (removes an expired one, or one the store cannot read, too)')
    .option('--json', 'print what was removed as JSON')
    .addHelpText('after', CONNECTION_HELP)
    .action((key: string, flags: RemoveFlags, command: Command) =>
      withStore(flags, command, io, async (tokens) => {
        const bindingKey = bindingKeyArgument(key);
        const found = await readForRemoval(tokens, bindingKey, flags.force === true);
        const record = found.record;
        if (record === undefined && flags.force !== true) {
          throw new CommandFailure(`no live binding ${key} in the ${tokens.name} token store (--force removes it anyway)`);
        }
        await tokens.delete(bindingKey);
        if (flags.json === true) return io.printJson({ bindingKey, removed: record ?? null, ...(found.unreadable === undefined ? {} : { unreadable: found.unreadable }) });
        if (found.unreadable !== undefined) io.note(`removed ${bindingKey} (the store could not read it: ${found.unreadable})`);
        else io.note(record === undefined ? `removed ${bindingKey} (it held no live binding)` : `removed ${bindingKey} (token ${record.token})`);
      }),
    );

  addStoreFlags(
    store
      .command('prune')
      .summary('delete expired bindings')
      .description('Deletes the expired bindings now and prints how many went. Redis expires its keys by itself: nothing to prune there.'),
  )
    .option('--json', 'print {"pruned": N}')
    .addHelpText('after', CONNECTION_HELP)
    .action((flags: ShowFlags, command: Command) =>
      withStore(flags, command, io, async (tokens) => {
        let pruned = 0;
        if (tokens.prune === undefined) io.note(`the ${tokens.name} token store expires bindings by itself: nothing to prune`);
        else pruned = await tokens.prune();
        if (flags.json === true) return io.printJson({ pruned });
        io.print(`pruned ${pruned} expired binding${pruned === 1 ? '' : 's'}`);
      }),
    );
}

/** Opens the store, runs `work`, and always closes the store (its connections would keep the process alive). */
async function withStore(flags: StoreFlags, command: Command, io: CommandIo, work: (store: TokenStore) => Promise<void>): Promise<void> {
  const store = await openStore(flags, command, io.env);
  try {
    await work(store);
  } finally {
    await store.close?.();
  }
}

function bindingKeyArgument(key: string): string {
  if (!BINDING_KEY.test(key)) throw new UsageError('KEY', `'${key}' is not ${KEY_HELP}`);
  return key;
}

function describeRecord(record: TokenRecord, io: CommandIo): string[] {
  const label = (name: string): string => io.out.bold(`${name}:`.padEnd(LABEL_WIDTH));
  const digests = Object.entries(record.memberDigests).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return [
    `${label('binding key')}${record.bindingKey}`,
    `${label('token')}${record.token}`,
    `${label('status')}${record.status}`,
    `${label('created')}${isoTime(record.createdAt)}`,
    `${label('updated')}${isoTime(record.updatedAt)}`,
    `${label('expires')}${isoTime(record.expiresAt)}`,
    `${label('fingerprint')}${record.fingerprint}`,
    digests.length === 0 ? `${label('members')}(none)` : io.out.bold('members:'),
    ...digests.map(([member, digest]) => `  ${member}: ${digest}`),
  ];
}

function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/**
 * The binding `rm` is about to remove. A row the store cannot read (corrupt,
 * or of a newer format) fails every keyed call for its key until it goes:
 * with --force it is removed like any other, without it the error stands.
 */
async function readForRemoval(
  tokens: TokenStore,
  bindingKey: string,
  force: boolean,
): Promise<{ readonly record: TokenRecord | undefined; readonly unreadable?: string }> {
  try {
    return { record: await tokens.get(bindingKey) };
  } catch (error) {
    if (force && error instanceof TokenStoreError && (error.kind === 'corrupt-record' || error.kind === 'unsupported-version')) {
      return { record: undefined, unreadable: error.kind };
    }
    throw error;
  }
}
