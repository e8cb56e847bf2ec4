/** Keeps one broken view from blanking the studio; shows what failed and a way to retry. */
import React from 'react';

interface Props {
  label: string;
  children: React.ReactNode;
}

interface State {
  error: Error | undefined;
}

export class ErrorBoundary extends React.Component<Props, State> {
  override state: State = { error: undefined };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override render(): React.ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <div className="state state-error" role="alert">
        <p>
          The {this.props.label} failed to render: {this.state.error.message}
        </p>
        <button type="button" onClick={() => this.setState({ error: undefined })}>
          Try again
        </button>
      </div>
    );
  }
}
