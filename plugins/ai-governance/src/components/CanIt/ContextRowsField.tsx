/* The request-context editor of "Can it?": condition keys and their values, one row each. */
import { Button, Flex, Text, TextField } from '@backstage/ui';
import type { ContextRow } from './request';

export function ContextRowsField(props: {
  rows: ContextRow[];
  onChange(update: (rows: ContextRow[]) => ContextRow[]): void;
}) {
  const { onChange } = props;
  const setRow = (i: number, change: Partial<ContextRow>) =>
    onChange(rows => rows.map((r, j) => (j === i ? { ...r, ...change } : r)));
  return (
    <fieldset
      style={{
        border: '1px solid var(--bui-border-1)',
        borderRadius: 'var(--bui-radius-2)',
        padding: 'var(--bui-space-2)',
        margin: 0,
      }}
    >
      <legend>
        <Text variant="body-small" weight="bold">
          Request context
        </Text>
      </legend>
      <Flex direction="column" gap="2">
        {props.rows.map((row, i) => (
          <Flex key={i} gap="2" align="center">
            <TextField
              aria-label={`Context key ${i + 1}`}
              value={row.key}
              placeholder="aws:RequestedRegion"
              onChange={key => setRow(i, { key })}
              style={{ flex: 1 }}
            />
            <TextField
              aria-label={`Context value ${i + 1}`}
              value={row.value}
              placeholder="us-east-1 (commas for several values)"
              onChange={value => setRow(i, { value })}
              style={{ flex: 1 }}
            />
            <Button
              size="small"
              variant="tertiary"
              aria-label={`Remove context row ${i + 1}`}
              onPress={() => onChange(rows => rows.filter((_, j) => j !== i))}
            >
              Remove
            </Button>
          </Flex>
        ))}
        <div>
          <Button
            size="small"
            variant="secondary"
            onPress={() => onChange(rows => [...rows, { key: '', value: '' }])}
          >
            Add context key
          </Button>
        </div>
      </Flex>
    </fieldset>
  );
}
