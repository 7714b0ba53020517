/* The titled card every section of the dashboard is drawn in: a heading, an optional line under it, its content. */
import { Card, CardBody, CardHeader, Flex, Text } from '@backstage/ui';
import { CSSProperties, ReactNode } from 'react';

export function SectionCard(props: {
  title: ReactNode;
  /** A line under the title, in secondary text. */
  description?: ReactNode;
  /** `h2` for a view's own card, `h3` (the default) for a card inside a view. */
  heading?: 'h2' | 'h3';
  /** The title's size; by default `title-small` for `h2`, `title-x-small` for `h3`. */
  titleVariant?: 'title-small' | 'title-x-small';
  /** Beside the title, at the end of the header (e.g. a button). */
  actions?: ReactNode;
  style?: CSSProperties;
  'aria-label'?: string;
  children?: ReactNode;
}) {
  const heading = props.heading ?? 'h3';
  const title = (
    <Text
      as={heading}
      variant={
        props.titleVariant ??
        (heading === 'h2' ? 'title-small' : 'title-x-small')
      }
    >
      {props.title}
    </Text>
  );
  const titleBlock = props.description ? (
    <Flex direction="column" gap="1">
      {title}
      <Text variant="body-small" color="secondary">
        {props.description}
      </Text>
    </Flex>
  ) : (
    title
  );
  return (
    <Card style={props.style} aria-label={props['aria-label']}>
      <CardHeader>
        {props.actions ? (
          <Flex justify="between" align="center" gap="3">
            {titleBlock}
            {props.actions}
          </Flex>
        ) : (
          titleBlock
        )}
      </CardHeader>
      {props.children !== undefined && <CardBody>{props.children}</CardBody>}
    </Card>
  );
}
