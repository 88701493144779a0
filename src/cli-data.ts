// The `civnet` commands that move data in and out: backup, restore, and import (issue 21).
import { parseArgs } from 'node:util';
import { COMMAND_HELP, commandUser, EXIT } from './cli-common.js';
import { progressReporter } from './cli-progress.js';
import { type Config, databaseOptions } from './config.js';
import { openDatabase } from './db/client.js';
import { migrate } from './db/migrate.js';

export async function backupCommand(command: 'backup' | 'restore', args: string[], config: Config): Promise<number> {
  let parsed: ReturnType<typeof parseBackupArgs>;
  try {
    parsed = parseBackupArgs(args);
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${COMMAND_HELP[command]}`);
    return EXIT.usage;
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length > 0 || (command === 'backup' && parsed.values.force)) {
    console.error(COMMAND_HELP[command]);
    return EXIT.usage;
  }
  const json = parsed.values.json === true;
  // On stderr when it is a terminal, or with --progress; never on stdout (the --json output).
  const progress = progressReporter({ forced: parsed.values.progress === true });
  const { backup, restore, BackupRefusal } = await import('./db/backup.js');
  try {
    if (command === 'backup') {
      const database = await openDatabase(databaseOptions(config));
      try {
        const manifest = await backup(database, file, { onProgress: progress });
        progress('Backup written');
        progress.done();
        if (json) console.log(JSON.stringify(manifest));
        else {
          const rows = Object.values(manifest.counts).reduce((a, b) => a + b, 0);
          console.log(
            `Backup written to ${file}: schema ${manifest.schemaVersion}, ${Object.keys(manifest.counts).length} tables, ${rows} rows, ${manifest.invoices.count} invoice numbers (${manifest.invoices.first ?? '—'} to ${manifest.invoices.last ?? '—'}).`,
          );
        }
      } finally {
        await database.close();
      }
      return EXIT.ok;
    }
    const result = await restore({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR }, file, { force: parsed.values.force === true, onProgress: progress });
    progress('Restore finished');
    progress.done();
    if (json) console.log(JSON.stringify(result));
    else {
      const lines = Object.entries(result.restored.counts)
        .filter(([, n]) => n > 0)
        .map(([t, n]) => `  ${t.padEnd(40)} ${String(n).padStart(10)}  (backup: ${result.manifest.counts[t] ?? 'none'})`);
      const inv = result.restored.invoices;
      console.log(
        [
          `Restored ${file} (made ${result.manifest.createdAt}, schema ${result.manifest.schemaVersion}). Rows per table (tables with rows):`,
          ...lines,
          `Invoice numbers: ${inv.count} (${inv.first ?? '—'} to ${inv.last ?? '—'}), digest ${inv.digest.slice(0, 16)}; the backup's: ${result.manifest.invoices.count}, digest ${result.manifest.invoices.digest.slice(0, 16)}.`,
          result.problems.length === 0 ? 'Every count and invoice number matches the backup.' : `The restored database differs from the backup:\n  ${result.problems.join('\n  ')}`,
        ].join('\n'),
      );
    }
    return result.problems.length === 0 ? EXIT.ok : EXIT.mismatch;
  } catch (err) {
    progress.done();
    if (err instanceof BackupRefusal) {
      console.error(err.message);
      return err.exitCode;
    }
    throw err;
  }
}

export async function importCommand(args: string[], config: Config): Promise<number> {
  let parsed: ReturnType<typeof parseImportArgs>;
  try {
    parsed = parseImportArgs(args);
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${COMMAND_HELP.import}`);
    return EXIT.usage;
  }
  const [kind, file, ...extra] = parsed.positionals;
  const imports = await import('./modules/imports/index.js');
  if (!kind || !imports.isImportKind(kind) || !file || extra.length > 0) {
    console.error(COMMAND_HELP.import);
    return EXIT.usage;
  }
  const source = (parsed.values.source ?? 'cli').trim();
  if (!source || source.length > 100) {
    console.error('--source must name the system the file comes from (1 to 100 characters), like "Old CRM".');
    return EXIT.usage;
  }
  const dryRun = parsed.values['dry-run'] === true;
  const json = parsed.values.json === true;
  const [{ createReadStream, statSync }, { writeFile }, { systemClock }, { importProgress }] = await Promise.all([
    import('node:fs'),
    import('node:fs/promises'),
    import('./lib/clock.js'),
    import('./cli-progress.js'),
  ]);
  let size = 0;
  try {
    size = statSync(file).size;
  } catch {
    console.error(`${file}: there is no such file.`);
    return EXIT.usage;
  }
  const input = createReadStream(file);
  const progress = importProgress({
    stream: process.stderr,
    on: process.stderr.isTTY === true || parsed.values.progress === true,
    verb: dryRun ? 'Checked' : 'Imported',
    bytesRead: () => input.bytesRead,
    size,
  });
  const database = await openDatabase(databaseOptions(config));
  try {
    await migrate(database);
    progress.start();
    let result: import('./modules/imports/index.js').ImportResult;
    try {
      result = await imports.importFile(database.db, kind, input, {
        source,
        dryRun,
        actorUserId: null,
        actorLabel: `${commandUser()} (civnet import)`,
        at: systemClock.now(),
        onProgress: progress.update,
      });
    } catch (err) {
      progress.end();
      if (err instanceof imports.ImportFileError) {
        console.error(`${file}: ${err.message}`);
        return EXIT.usage;
      }
      if (err instanceof imports.ImportMappingError) {
        console.error(`${file}: the columns do not match. ${err.message}\nThe file's columns: ${err.headers.join(', ')}.`);
        return EXIT.usage;
      }
      if (!(err instanceof imports.ImportRejected)) throw err;
      result = err.result;
    }
    progress.end();
    const summary = { rows: result.rows, problems: result.problems, created: result.created, updated: result.updated, unchanged: result.unchanged, imported: result.imported };
    if (result.problems > 0) {
      const csv = imports.reportCsv(result.report);
      if (parsed.values.report) await writeFile(parsed.values.report, csv);
      else process.stdout.write(csv);
      console.error(
        `${file}: ${imports.problemsInRows(result)}${result.truncated ? ` (the report lists the first ${result.report.length})` : ''}; nothing was imported.${parsed.values.report ? ` The report is in ${parsed.values.report}.` : ''}`,
      );
      if (json) console.error(JSON.stringify(summary));
      return EXIT.usage;
    }
    if (json) console.log(JSON.stringify(summary));
    else if (dryRun) console.log(`${file}: ${imports.rowsAre(result.rows)} ready to import (dry run: nothing was imported).`);
    else console.log(`${file}: imported ${imports.importedCounts(result, imports.IMPORT_KINDS[kind].noun, imports.IMPORT_KINDS[kind].plural)}.`);
    return EXIT.ok;
  } finally {
    await database.close();
  }
}

function parseImportArgs(args: string[]) {
  return parseArgs({
    args,
    options: { 'dry-run': { type: 'boolean' }, source: { type: 'string' }, report: { type: 'string' }, json: { type: 'boolean' }, progress: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
}

function parseBackupArgs(args: string[]) {
  return parseArgs({ args, options: { force: { type: 'boolean' }, json: { type: 'boolean' }, progress: { type: 'boolean' } }, allowPositionals: true, strict: true });
}
