import { ConfigReader } from '@backstage/config';
import { readAccessConfig, rolesOf } from './accessConfig';

const read = (access: Record<string, string[] | string>) =>
  readAccessConfig(new ConfigReader({ aiGovernance: { access } }, 'test'));

describe('readAccessConfig', () => {
  it('reads bare names as groups of the default namespace', () => {
    const access = read({ admins: ['ai-governance-admins', 'user:alice'] });
    expect([...access.admins]).toEqual([
      'group:default/ai-governance-admins',
      'user:default/alice',
    ]);
  });

  it('defaults requesters and policy readers to everyone, production requesters to requesters, admins to nobody', () => {
    expect(read({})).toEqual({
      admins: new Set(),
      requesters: 'everyone',
      productionRequesters: 'everyone',
      policyReaders: 'everyone',
    });
    const narrowed = read({ requesters: ['group:default/ai-team'] });
    expect(narrowed.productionRequesters).toEqual(
      new Set(['group:default/ai-team']),
    );
  });

  it('names the key and the item of a ref that does not parse', () => {
    expect(() => read({ requesters: ['ok', 'group:default/'] })).toThrow(
      /aiGovernance\.access\.requesters\[1\] is "group:default\/", which is not an entity ref/,
    );
  });

  it('refuses a list that is not a list of strings', () => {
    expect(() => read({ admins: 'group:default/admins' })).toThrow(
      /aiGovernance\.access\.admins/,
    );
  });
});

describe('rolesOf', () => {
  const access = read({
    admins: ['group:default/ai-governance-admins'],
    requesters: ['group:default/ai-team'],
    policyReaders: ['group:default/security'],
  });

  it('gives admins every role', () => {
    expect(
      rolesOf(access, [
        'user:default/ada',
        'group:default/ai-governance-admins',
      ]),
    ).toEqual({
      admin: true,
      requester: true,
      productionRequester: true,
      policyReader: true,
    });
  });

  it('gives a user the roles of the groups in their ownership refs only', () => {
    expect(rolesOf(access, ['user:default/rui', 'group:default/ai-team'])).toEqual(
      {
        admin: false,
        requester: true,
        productionRequester: true,
        policyReader: false,
      },
    );
    expect(rolesOf(access, ['user:default/olga'])).toEqual({
      admin: false,
      requester: false,
      productionRequester: false,
      policyReader: false,
    });
  });
});
