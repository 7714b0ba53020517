/**
 * Conformance (the real AWS SDK against the sandbox over HTTP), organizational units: create, rename, delete, quotas and the not-found exceptions.
 */
import {
  CreateOrganizationalUnitCommand,
  DeleteOrganizationalUnitCommand,
  DescribeOrganizationalUnitCommand,
  ListAccountsForParentCommand,
  ListChildrenCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListPoliciesForTargetCommand,
  ListTagsForResourceCommand,
  UpdateOrganizationalUnitCommand,
} from '@aws-sdk/client-organizations';
import {
  client,
  demo,
  enableRcps,
  expectError,
  node,
  running,
  useConformanceSandbox,
} from '../__testUtils__/conformanceHarness';

useConformanceSandbox();

describe('organizational units', () => {
  it('create, update and delete an OU; new OUs carry FullAWSAccess and RCPFullAWSAccess', async () => {
    await enableRcps();
    const { OrganizationalUnit } = await client.send(
      new CreateOrganizationalUnitCommand({
        ParentId: node('AI').id,
        Name: 'Staging',
        Tags: [{ Key: 'owner', Value: 'group:default/ml-platform' }],
      }),
    );
    expect(OrganizationalUnit!.Id).toMatch(
      new RegExp(`^ou-${demo.nodes[0].id.slice(2)}-[a-z0-9]{8}$`),
    );
    const scps = await client.send(
      new ListPoliciesForTargetCommand({
        TargetId: OrganizationalUnit!.Id,
        Filter: 'SERVICE_CONTROL_POLICY',
      }),
    );
    expect(scps.Policies!.map(p => p.Id)).toEqual(['p-FullAWSAccess']);
    const rcps = await client.send(
      new ListPoliciesForTargetCommand({
        TargetId: OrganizationalUnit!.Id,
        Filter: 'RESOURCE_CONTROL_POLICY',
      }),
    );
    expect(rcps.Policies!.map(p => p.Id)).toEqual(['p-RCPFullAWSAccess']);
    const tags = await client.send(
      new ListTagsForResourceCommand({ ResourceId: OrganizationalUnit!.Id }),
    );
    expect(tags.Tags).toEqual([
      { Key: 'owner', Value: 'group:default/ml-platform' },
    ]);

    const updated = await client.send(
      new UpdateOrganizationalUnitCommand({
        OrganizationalUnitId: OrganizationalUnit!.Id,
        Name: 'PreProduction',
      }),
    );
    expect(updated.OrganizationalUnit!.Name).toBe('PreProduction');

    await client.send(
      new DeleteOrganizationalUnitCommand({
        OrganizationalUnitId: OrganizationalUnit!.Id,
      }),
    );
    await expectError(
      client.send(
        new DescribeOrganizationalUnitCommand({
          OrganizationalUnitId: OrganizationalUnit!.Id,
        }),
      ),
      'OrganizationalUnitNotFoundException',
    );
    expect(
      running.sandbox
        .snapshot()
        .nodes.some(n => n.id === OrganizationalUnit!.Id),
    ).toBe(false);
  });

  it('DuplicateOrganizationalUnitException on create and rename; same name allowed under another parent', async () => {
    await expectError(
      client.send(
        new CreateOrganizationalUnitCommand({
          ParentId: node('AI').id,
          Name: 'Production',
        }),
      ),
      'DuplicateOrganizationalUnitException',
    );
    await expectError(
      client.send(
        new UpdateOrganizationalUnitCommand({
          OrganizationalUnitId: node('Development').id,
          Name: 'Production',
        }),
      ),
      'DuplicateOrganizationalUnitException',
    );
    await client.send(
      new CreateOrganizationalUnitCommand({
        ParentId: node('Workloads').id,
        Name: 'Production',
      }),
    );
  });

  it('ConstraintViolationException OU_DEPTH_LIMIT_EXCEEDED beyond 5 levels', async () => {
    let parent = node('Production').id; // level 2
    for (const name of ['L3', 'L4', 'L5']) {
      const { OrganizationalUnit } = await client.send(
        new CreateOrganizationalUnitCommand({ ParentId: parent, Name: name }),
      );
      parent = OrganizationalUnit!.Id!;
    }
    await expectError(
      client.send(
        new CreateOrganizationalUnitCommand({ ParentId: parent, Name: 'L6' }),
      ),
      'ConstraintViolationException',
      'OU_DEPTH_LIMIT_EXCEEDED',
    );
  });

  it('OrganizationalUnitNotEmptyException, ParentNotFoundException, ChildNotFoundException', async () => {
    await expectError(
      client.send(
        new DeleteOrganizationalUnitCommand({
          OrganizationalUnitId: node('AI').id,
        }),
      ),
      'OrganizationalUnitNotEmptyException',
    );
    const missingOu = `ou-${demo.nodes[0].id.slice(2)}-zzzzzzzz`;
    await expectError(
      client.send(
        new CreateOrganizationalUnitCommand({ ParentId: missingOu, Name: 'x' }),
      ),
      'ParentNotFoundException',
    );
    await expectError(
      client.send(
        new ListChildrenCommand({ ParentId: missingOu, ChildType: 'ACCOUNT' }),
      ),
      'ParentNotFoundException',
    );
    await expectError(
      client.send(new ListAccountsForParentCommand({ ParentId: missingOu })),
      'ParentNotFoundException',
    );
    await expectError(
      client.send(
        new ListOrganizationalUnitsForParentCommand({ ParentId: 'r-zzzz' }),
      ),
      'ParentNotFoundException',
    );
    await expectError(
      client.send(new ListParentsCommand({ ChildId: '999999999999' })),
      'ChildNotFoundException',
    );
    await expectError(
      client.send(new ListParentsCommand({ ChildId: 'nonsense' })),
      'InvalidInputException',
      'INVALID_PATTERN',
    );
  });
});
