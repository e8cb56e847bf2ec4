/** The PagerDuty tab: the generated pagerduty-config.json drawn as an escalation timeline. */
import type React from 'react';
import { useMemo } from 'react';
import type { GeneratedFile } from '../../core/index.ts';
import { parsePagerDutyConfig } from '../pagerduty/config.ts';
import { EscalationTimeline } from '../pagerduty/EscalationTimeline.tsx';

export function PagerDutyTab({ file }: { file: GeneratedFile | undefined }): React.JSX.Element {
  // eslint-disable-next-line react-hooks/exhaustive-deps -- parsed again only when the text changes, not on every compile's new file object
  const pd = useMemo(() => (file ? parsePagerDutyConfig(file.content) : undefined), [file?.content]);
  return pd ? <EscalationTimeline config={pd} /> : <p>No PagerDuty resource in this spec.</p>;
}
