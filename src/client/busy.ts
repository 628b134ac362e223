/**
 * A button that runs one server call at a time: busy is set in the same event
 * as the click, so a second click finds it disabled and never calls twice.
 */
import { serverMessage } from './api';
import { el } from './dom';

export interface BusyButton {
  button: HTMLButtonElement;
  setLabel(text: string): void;
  /** Closed while there is nothing to do (e.g. no acceptable line to import). */
  setReady(ready: boolean): void;
  isBusy(): boolean;
  /** Runs `work` unless busy or not ready; its error message goes to `onError`. */
  run(work: () => Promise<void>, onError: (message: string) => void): Promise<void>;
}

export function busyButton(id: string, label: string, kind: 'action' | 'secondary'): BusyButton {
  const text = el('span', { text: label });
  const button = el(
    'button',
    { type: 'button', class: kind, id },
    el('span', { class: kind === 'action' ? 'spinner' : 'spinner dark', 'aria-hidden': 'true' }),
    text,
  );
  let busy = false;
  let ready = true;
  const paint = () => {
    button.disabled = busy || !ready;
    button.classList.toggle('busy', busy);
    button.setAttribute('aria-busy', String(busy));
  };
  paint();
  return {
    button,
    setLabel: (t) => (text.textContent = t),
    setReady(r) {
      ready = r;
      paint();
    },
    isBusy: () => busy,
    async run(work, onError) {
      if (busy || !ready) return;
      busy = true;
      paint();
      try {
        await work();
      } catch (e) {
        onError(serverMessage(e));
      } finally {
        busy = false;
        paint();
      }
    },
  };
}
