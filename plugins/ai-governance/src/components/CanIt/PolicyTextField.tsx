/* One policy of "Can it?" (an identity, resource-based, boundary or session policy): pasted, or uploaded from a file. */
import { REQUEST_POLICY_LIMITS } from '@internal/plugin-ai-governance-common';
import { Flex, Text, TextAreaField } from '@backstage/ui';
import { ChangeEvent, useId, useState } from 'react';
import type { PolicyDraft } from './request';

function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () =>
      reject(reader.error ?? new Error(`Cannot read ${file.name}`));
    reader.readAsText(file);
  });
}

export function PolicyTextField(props: {
  label: string;
  value: PolicyDraft;
  onChange(value: PolicyDraft): void;
  description?: string;
}) {
  const { label, value, onChange } = props;
  const [uploadError, setUploadError] = useState<string | undefined>();
  const inputId = useId();

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    if (file.size > REQUEST_POLICY_LIMITS.maxLength) {
      setUploadError(
        `${file.name} is ${file.size} bytes; a policy may be at most ${REQUEST_POLICY_LIMITS.maxLength}. Is it the right file?`,
      );
      return;
    }
    try {
      const content = await readText(file);
      setUploadError(undefined);
      onChange({ name: file.name, content });
    } catch (error) {
      setUploadError(
        `Cannot read ${file.name}: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    }
  };

  return (
    <Flex direction="column" gap="1">
      <TextAreaField
        label={label}
        description={
          value.name
            ? `From ${value.name}; edit it here if needed.`
            : props.description
        }
        value={value.content}
        onChange={content => onChange({ name: value.name, content })}
        placeholder='{"Version": "2012-10-17", "Statement": [...]}'
        rows={4}
        spellCheck="false"
        style={{ fontFamily: 'var(--bui-font-monospace, monospace)' }}
      />
      <Flex gap="2" align="center">
        <label htmlFor={inputId}>
          <Text variant="body-small">Upload a JSON file:</Text>
        </label>
        <input
          id={inputId}
          type="file"
          accept="application/json,.json"
          aria-label={`Upload ${label.toLowerCase()}`}
          onChange={onFile}
        />
      </Flex>
      {uploadError && (
        <Text variant="body-small" color="danger" role="alert">
          {uploadError}
        </Text>
      )}
    </Flex>
  );
}
