export async function docsCommand(_dir: string, _options: { check?: boolean }): Promise<number> {
  return 0;
}
