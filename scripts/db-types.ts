// Reads the `DB` interface of src/db/types.ts with the TypeScript compiler: its tables (for the
// ownership check) and each table's columns with their select type's nullability (for the
// PostgreSQL test that compares the types with the migrated schema).
import { readFileSync } from 'node:fs';
import ts from 'typescript';

/** The table names of `interface DB` in `file`, in their order. */
export function readDbTables(file: string): string[] {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const db = sf.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'DB');
  if (!db) throw new Error(`${file} has no interface DB`);
  return db.members.flatMap((m) => (ts.isPropertySignature(m) && m.name && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) ? [m.name.text] : []));
}

export interface DbColumn {
  name: string;
  /** the select type admits null; null when it is `unknown` or `any` (admits anything) */
  nullable: boolean | null;
  /** Kysely lets an insert leave it out: its insert type admits undefined or null */
  optionalOnInsert: boolean;
}

/** The type admits null (true), not (false), or anything (null: `unknown`, `any`). */
function admitsNull(type: ts.Type): boolean | null {
  if (type.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)) return null;
  const parts = type.isUnion() ? type.types : [type];
  return parts.some((t) => (t.flags & ts.TypeFlags.Null) !== 0);
}

function admitsUndefined(type: ts.Type): boolean {
  if (type.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)) return true;
  const parts = type.isUnion() ? type.types : [type];
  return parts.some((t) => (t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Never)) !== 0);
}

/** Every table of `interface DB` with its columns. A column typed `ColumnType<S, I, U>` (or
 * `Generated<T>`, which is one) is read by its select type `S` and insert type `I`. */
export function readDbColumns(file: string): Map<string, DbColumn[]> {
  const program = ts.createProgram([file], { strict: true, skipLibCheck: true, noEmit: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext });
  const checker = program.getTypeChecker();
  const sf = program.getSourceFile(file);
  if (!sf) throw new Error(`cannot read ${file}`);
  const db = sf.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'DB');
  if (!db) throw new Error(`${file} has no interface DB`);
  const tables = new Map<string, DbColumn[]>();
  for (const table of checker.getTypeAtLocation(db).getProperties()) {
    const tableType = checker.getTypeOfSymbolAtLocation(table, db);
    const columns = tableType.getProperties().map((column): DbColumn => {
      const type = checker.getTypeOfSymbolAtLocation(column, db);
      const part = (name: string) => {
        const p = type.getProperty(name);
        return p ? checker.getTypeOfSymbolAtLocation(p, db) : type;
      };
      const insert = part('__insert__');
      return { name: column.name, nullable: admitsNull(part('__select__')), optionalOnInsert: admitsUndefined(insert) || admitsNull(insert) !== false };
    });
    tables.set(table.name, columns);
  }
  return tables;
}
