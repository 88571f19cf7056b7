import type { Db } from '../../db/schema.ts';

export async function readSetting(db: Db, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

/** Inserts unless the key exists; returns the value that is stored either way. */
export async function insertSettingIfMissing(db: Db, key: string, value: string, now: string): Promise<string> {
  await db.insertInto('settings').values({ key, value, updated_at: now }).onConflict((oc) => oc.column('key').doNothing()).execute();
  return (await readSetting(db, key)) ?? value;
}
