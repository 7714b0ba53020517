/* A static BUI table with an accessible name: column titles and rows of cells, nothing to sort, select or page. */
import {
  Cell,
  Column,
  Row,
  TableBody,
  TableHeader,
  TableRoot,
} from '@backstage/ui';
import { ReactNode } from 'react';

export function SimpleTable(props: {
  'aria-label': string;
  /** Column titles; the first column is each row's header. */
  columns: string[];
  /** One entry per row: a key unique in the table, and one cell per column. */
  rows: Array<{ id: string; cells: ReactNode[] }>;
}) {
  return (
    <TableRoot aria-label={props['aria-label']}>
      <TableHeader>
        {props.columns.map((title, i) => (
          <Column key={title} id={title} isRowHeader={i === 0}>
            {title}
          </Column>
        ))}
      </TableHeader>
      <TableBody>
        {props.rows.map(row => (
          <Row key={row.id} id={row.id}>
            {row.cells.map((cell, i) => (
              <Cell key={props.columns[i]}>{cell}</Cell>
            ))}
          </Row>
        ))}
      </TableBody>
    </TableRoot>
  );
}
