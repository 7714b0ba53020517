/* The account-or-OU field of "Can it?": free text, with the organization's matching nodes as suggestions. */
import { Combobox } from '@backstage/ui';
import { useMemo } from 'react';
import { useOptionalTreeData } from '../../hooks/useTreeData';

/** How many nodes the suggestions list at most: enough to pick from, few enough to draw at once. */
const MAX_SUGGESTIONS = 50;

export function TargetField(props: {
  value: string;
  onChange(value: string): void;
}) {
  const tree = useOptionalTreeData();
  const query = props.value.trim().toLowerCase();
  const options = useMemo(
    () =>
      (tree?.tree?.nodes ?? [])
        .filter(
          n =>
            n.kind !== 'root' &&
            (n.id.toLowerCase().includes(query) ||
              n.name.toLowerCase().includes(query)),
        )
        .slice(0, MAX_SUGGESTIONS)
        // The id is what the field takes when a suggestion is picked; the name says which node it is.
        .map(n => ({ id: n.id, label: n.id, description: n.name })),
    [tree?.tree, query],
  );
  return (
    <Combobox
      label="Account or OU"
      allowsCustomValue
      options={options}
      search={{
        inputValue: props.value,
        onInputChange: props.onChange,
        filter: () => true,
      }}
      menuTrigger="input"
      placeholder="Account id, account name or OU id"
      style={{ flex: 1, minWidth: 180 }}
    />
  );
}
