// The API token: API_TOKEN when set; otherwise one generated once and kept in DATA_DIR.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface ApiToken {
  token: string;
  /** Where a generated token is kept; undefined when it came from the environment. */
  file?: string;
}

export async function resolveApiToken(configured: string | undefined, dataDir: string): Promise<ApiToken> {
  if (configured) return { token: configured };
  const file = join(dataDir, 'api-token');
  try {
    return { token: (await readFile(file, 'utf8')).trim(), file };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const token = randomBytes(24).toString('base64url');
  // 'wx' fails if another process created it meanwhile; then theirs is the one to use.
  try {
    await writeFile(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
    return { token, file };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { token: (await readFile(file, 'utf8')).trim(), file };
  }
}
