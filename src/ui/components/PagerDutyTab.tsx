/** The PagerDuty tab: the generated pagerduty-config.json drawn as an escalation timeline. */
import type React from 'react';
import { useMemo } from 'react';
import type { GeneratedFile } from '../../core/index.ts';
import { parsePagerDutyConfig } from '../pagerduty/config.ts';
import { EscalationTimeline } from '../pagerduty/EscalationTimeline.tsx';

export function PagerDutyTab({ file }: { file: GeneratedFile | undefined }): React.JSX.Element {
  const pd = useMemo(() => (file ? parsePagerDutyConfig(file.content) : undefined), [file?.content]);
  return pd ? <EscalationTimeline config={pd} /> : <p>No PagerDuty resource in this spec.</p>;
}
