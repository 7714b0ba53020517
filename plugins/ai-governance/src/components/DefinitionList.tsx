/* Names and values side by side (a request's form fields, a node's tags), as an accessible definition list. */
import { Text } from '@backstage/ui';
import { Fragment, ReactNode } from 'react';

export function DefinitionList(props: {
  'aria-label': string;
  /** Name and value; rows whose value is undefined or empty are left out. */
  rows: Array<[string, ReactNode]>;
}) {
  return (
    <dl
      aria-label={props['aria-label']}
      style={{
        display: 'grid',
        gridTemplateColumns: 'max-content 1fr',
        gap: '4px 16px',
        margin: 0,
      }}
    >
      {props.rows
        .filter(([, v]) => v !== undefined && v !== '')
        .map(([k, v]) => (
          <Fragment key={k}>
            <dt>
              <Text variant="body-small" weight="bold">
                {k}
              </Text>
            </dt>
            <dd style={{ margin: 0, overflowWrap: 'anywhere' }}>
              <Text variant="body-small">{v}</Text>
            </dd>
          </Fragment>
        ))}
    </dl>
  );
}
