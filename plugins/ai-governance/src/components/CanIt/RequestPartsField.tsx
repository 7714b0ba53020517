/*
 * The principal's side of "Can it?": its ARN and account, the resource's account (one of the organization's, or
 * outside it), and the policies beside the organization's (identity policies, resource-based policy, permissions
 * boundary, session policy), each pasted or uploaded.
 */
import { Button, Flex, Select, Text, TextField } from '@backstage/ui';
import { useMemo } from 'react';
import { useOptionalTreeData } from '../../hooks/useTreeData';
import { PolicyTextField } from './PolicyTextField';
import {
  OUTSIDE_ORGANIZATION,
  PartsForm,
  PolicyDraft,
  PRINCIPAL_ACCOUNT,
} from './request';

const fieldset = {
  border: '1px solid var(--bui-border-1)',
  borderRadius: 'var(--bui-radius-2)',
  padding: 'var(--bui-space-2)',
  margin: 0,
};

export function RequestPartsField(props: {
  value: PartsForm;
  onChange(update: (value: PartsForm) => PartsForm): void;
}) {
  const { value, onChange } = props;
  const tree = useOptionalTreeData();
  const set = (change: Partial<PartsForm>) =>
    onChange(v => ({ ...v, ...change }));
  const setIdentity = (i: number, draft: PolicyDraft) =>
    onChange(v => ({
      ...v,
      identityPolicies: v.identityPolicies.map((d, j) => (j === i ? draft : d)),
    }));
  const accountOptions = useMemo(
    () => [
      { id: PRINCIPAL_ACCOUNT, label: 'The principal’s account (default)' },
      ...(tree?.tree?.nodes ?? [])
        .filter(n => n.kind === 'account')
        .map(n => ({ id: n.id, label: `${n.name} (${n.id})` })),
      { id: OUTSIDE_ORGANIZATION, label: 'Outside the organization' },
    ],
    [tree?.tree],
  );

  return (
    <fieldset style={fieldset}>
      <legend>
        <Text variant="body-small" weight="bold">
          The principal and its own policies
        </Text>
      </legend>
      <Flex direction="column" gap="3">
        <Text variant="body-small" color="secondary">
          Give what you know: a policy kind left empty is not evaluated (the
          principal’s identity policies are then assumed to allow). SCPs come
          from the principal’s account, RCPs from the resource’s.
        </Text>
        <Flex gap="3" style={{ flexWrap: 'wrap' }}>
          <TextField
            label="Principal ARN"
            value={value.principalArn}
            onChange={principalArn => set({ principalArn })}
            placeholder="arn:aws:iam::111122223333:role/ml-engineer"
            autoComplete="off"
            spellCheck="false"
            style={{ flex: 2, minWidth: 260 }}
          />
          <TextField
            label="Principal account"
            value={value.principalAccount}
            onChange={principalAccount => set({ principalAccount })}
            placeholder="Default: the account in the ARN, else the one above"
            autoComplete="off"
            style={{ flex: 1, minWidth: 200 }}
          />
        </Flex>
        <Flex gap="3" style={{ flexWrap: 'wrap' }} align="end">
          <Select
            label="Resource account"
            options={accountOptions}
            selectedKey={value.resourceAccount}
            onSelectionChange={key =>
              set({ resourceAccount: key ? String(key) : PRINCIPAL_ACCOUNT })
            }
            style={{ minWidth: 260 }}
          />
          {value.resourceAccount === OUTSIDE_ORGANIZATION && (
            <TextField
              label="Account id outside the organization"
              value={value.outsideAccount}
              onChange={outsideAccount => set({ outsideAccount })}
              placeholder="123456789012"
              autoComplete="off"
              style={{ minWidth: 200 }}
            />
          )}
        </Flex>
        {value.identityPolicies.map((draft, i) => (
          <Flex key={i} direction="column" gap="1">
            <PolicyTextField
              label={`Identity policy ${i + 1}`}
              value={draft}
              onChange={d => setIdentity(i, d)}
              description="A policy attached to the role or user (inline or managed)."
            />
            {value.identityPolicies.length > 1 && (
              <div>
                <Button
                  size="small"
                  variant="tertiary"
                  aria-label={`Remove identity policy ${i + 1}`}
                  onPress={() =>
                    onChange(v => ({
                      ...v,
                      identityPolicies: v.identityPolicies.filter(
                        (_, j) => j !== i,
                      ),
                    }))
                  }
                >
                  Remove
                </Button>
              </div>
            )}
          </Flex>
        ))}
        <div>
          <Button
            size="small"
            variant="secondary"
            onPress={() =>
              onChange(v => ({
                ...v,
                identityPolicies: [
                  ...v.identityPolicies,
                  { name: '', content: '' },
                ],
              }))
            }
          >
            Add identity policy
          </Button>
        </div>
        <PolicyTextField
          label="Resource-based policy"
          value={value.resourcePolicy}
          onChange={resourcePolicy => set({ resourcePolicy })}
          description="Optional: the bucket, key, queue or trust policy of the resource."
        />
        <PolicyTextField
          label="Permissions boundary"
          value={value.boundary}
          onChange={boundary => set({ boundary })}
          description="Optional: the principal’s permissions boundary."
        />
        <PolicyTextField
          label="Session policy"
          value={value.sessionPolicy}
          onChange={sessionPolicy => set({ sessionPolicy })}
          description="Optional: the policy passed when the role session was created."
        />
      </Flex>
    </fieldset>
  );
}
