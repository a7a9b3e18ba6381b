/** Detects a printer that stopped talking: no message for `timeoutMs`. */
export class SilenceWatch {
  private timer: NodeJS.Timeout | undefined;

  /**
   * @param timeoutMs silence window, ms
   * @param onSilence called once per silent window; the watch re-arms itself after each call,
   *   so a printer that stays silent is reported again every `timeoutMs`
   */
  constructor(
    private readonly timeoutMs: number,
    private readonly onSilence: (silentForMs: number) => void,
  ) {}

  /** Starts (or restarts) the window: call on connect and on every received message. */
  touch(): void {
    this.stop();
    this.arm(1);
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(windows: number): void {
    this.timer = setTimeout(() => {
      this.arm(windows + 1);
      this.onSilence(windows * this.timeoutMs);
    }, this.timeoutMs);
    this.timer.unref();
  }
}
